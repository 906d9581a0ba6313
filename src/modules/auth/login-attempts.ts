/**
 * Counts failed logins per client and username within a window; once the limit is
 * reached, further attempts are refused (429) until the oldest failure ages out.
 * Kept in memory: a single API process is the default deployment.
 */
const MAX_KEYS = 10_000;

export class LoginAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the client may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((recent[0] + this.windowMs - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    // Unknown usernames add keys: drop the expired ones once the map grows large.
    if (this.failures.size >= MAX_KEYS) for (const k of [...this.failures.keys()]) this.recent(k);
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const recent = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (recent.length) this.failures.set(key, recent);
    else this.failures.delete(key);
    return recent;
  }
}
