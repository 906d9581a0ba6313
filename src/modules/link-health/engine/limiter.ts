/**
 * Concurrency limits for the link checker: a global one and one per host, with a minimum gap.
 * Waiters are served by priority (lower first, then arrival); the checker decides the order
 * (see the queue classes in link-checker.ts).
 */

interface Waiter {
  priority: number;
  order: number;
  resolve: () => void;
}

/** A binary min-heap of waiters by (priority, arrival). */
class WaiterHeap {
  private readonly items: Waiter[] = [];

  get size(): number {
    return this.items.length;
  }

  push(waiter: Waiter): void {
    const items = this.items;
    items.push(waiter);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): Waiter | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && before(items[left], items[best])) best = left;
        if (right < items.length && before(items[right], items[best])) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best], items[i]];
        i = best;
      }
    }
    return top;
  }
}

function before(a: Waiter, b: Waiter): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.order < b.order);
}

export class Semaphore {
  private active = 0;
  private arrivals = 0;
  private readonly waiting = new WaiterHeap();

  constructor(private readonly limit: number) {}

  /** Takes a slot; when none is free, waits behind waiters with a lower `priority` (then earlier ones). */
  acquire(priority = 0): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting.push({ priority, order: this.arrivals++, resolve }));
  }

  release(): void {
    const next = this.waiting.pop();
    if (next) next.resolve();
    else this.active--;
  }

  get busy(): boolean {
    return this.active > 0 || this.waiting.size > 0;
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

  async run<T>(host: string, task: () => Promise<T>, priority = 0): Promise<T> {
    let state = this.hosts.get(host);
    if (!state) {
      state = { slots: new Semaphore(this.perHost), nextStart: 0 };
      this.hosts.set(host, state);
    }
    await state.slots.acquire(priority);
    try {
      if (this.minGapMs > 0) {
        const now = Date.now();
        const start = Math.max(now, state.nextStart);
        state.nextStart = start + this.minGapMs;
        await sleep(start - now);
      }
      await this.global.acquire(priority);
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
