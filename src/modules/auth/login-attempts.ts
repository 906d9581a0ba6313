import { UNLIMITED, WindowStore } from '../../common/window-store';

/**
 * Counts failed logins per key (client, username, or both) within a window; once the limit is
 * reached, further attempts are refused (429) until the oldest failure ages out. The counts live
 * in the WindowStore: in memory for one process, in Redis (shared by every API replica) in queue mode.
 */
export class LoginAttempts {
  constructor(
    private readonly store: WindowStore,
    /** Keeps this counter's keys apart from the others'. */
    private readonly scope: string,
    private readonly maxFailures: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the client may try again, or 0 when it may try now. */
  async retryAfterSeconds(key: string): Promise<number> {
    const state = await this.store.peek(this.key(key), this.windowMs, this.maxFailures);
    return state.full ? Math.max(1, Math.ceil(state.retryAfterMs / 1000)) : 0;
  }

  /**
   * Counts this attempt now, as if it failed, unless the limit is already reached: one atomic
   * step, so parallel attempts cannot all pass a check made before the first failure is counted.
   * Returns the seconds to wait when refused (nothing counted), else 0. A success calls `reset`.
   */
  async reserve(key: string): Promise<number> {
    const state = await this.store.hit(this.key(key), this.windowMs, this.maxFailures);
    return state.full ? Math.max(1, Math.ceil(state.retryAfterMs / 1000)) : 0;
  }

  async recordFailure(key: string): Promise<void> {
    await this.store.hit(this.key(key), this.windowMs, UNLIMITED);
  }

  async reset(key: string): Promise<void> {
    await this.store.clear(this.key(key));
  }

  private key(key: string): string {
    return `login:${this.scope}:${key}`;
  }
}
