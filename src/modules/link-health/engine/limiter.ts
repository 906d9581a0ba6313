/** Concurrency limits for the link checker: a global one and one per host, with a minimum gap. */

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  get busy(): boolean {
    return this.active > 0 || this.waiting.length > 0;
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

interface HostState {
  slots: Semaphore;
  nextStart: number;
}

/**
 * Runs one request at a time through: the host's slot (at most `perHost` in flight), the
 * host's minimum gap between request starts, then a global slot. A request waiting for its
 * host holds no global slot, so one slow host cannot starve the others.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();
  private readonly global: Semaphore;

  constructor(
    private readonly perHost: number,
    private readonly minGapMs: number,
    concurrency: number,
  ) {
    this.global = new Semaphore(concurrency);
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    let state = this.hosts.get(host);
    if (!state) {
      state = { slots: new Semaphore(this.perHost), nextStart: 0 };
      this.hosts.set(host, state);
    }
    await state.slots.acquire();
    try {
      if (this.minGapMs > 0) {
        const now = Date.now();
        const start = Math.max(now, state.nextStart);
        state.nextStart = start + this.minGapMs;
        await sleep(start - now);
      }
      await this.global.acquire();
      try {
        return await task();
      } finally {
        this.global.release();
      }
    } finally {
      state.slots.release();
      if (!state.slots.busy && state.nextStart <= Date.now()) this.hosts.delete(host);
    }
  }
}
