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

/** A request's hold on its host, from `HostGate.acquire`. */
export interface HostPass {
  /**
   * The request goes out now. Called just before it is sent: a start claimed earlier but sent
   * later (a busy event loop, a wait for a global slot) moves the host's next start accordingly.
   */
  started(): void;
  /** The request is over (call once). */
  release(): void;
}

/**
 * Per-host politeness: at most `perHost` requests in flight to one host and a minimum gap between
 * the starts of two requests to it. `acquire` resolves when a request to `host` may start now (its
 * slot taken, the gap waited out); waiters with a lower `priority` go first where the gate can
 * order them. `LocalHostGate` keeps the limits in this process; a gate on a shared store (Redis,
 * outside the engine) makes them hold across every process checking links.
 */
export interface HostGate {
  acquire(host: string, priority?: number): Promise<HostPass>;
  /** Gives back what the gate holds outside this process (connections, leases). */
  close?(): Promise<void>;
}

interface HostState {
  slots: Semaphore;
  nextStart: number;
}

/** The host limits in process memory: one process is the whole deployment (or the bench). */
export class LocalHostGate implements HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly perHost: number,
    private readonly minGapMs: number,
  ) {}

  async acquire(host: string, priority = 0): Promise<HostPass> {
    let state = this.hosts.get(host);
    if (!state) {
      state = { slots: new Semaphore(this.perHost), nextStart: 0 };
      this.hosts.set(host, state);
    }
    const held = state;
    await held.slots.acquire(priority);
    if (this.minGapMs > 0) {
      // The start is claimed when the request can really go, not reserved ahead: a timer that
      // fires late (a busy event loop) must not send two reserved starts at once.
      for (let wait = held.nextStart - Date.now(); wait > 0; wait = held.nextStart - Date.now()) await sleep(wait);
      held.nextStart = Date.now() + this.minGapMs;
    }
    let released = false;
    return {
      started: () => {
        if (this.minGapMs > 0) held.nextStart = Math.max(held.nextStart, Date.now() + this.minGapMs);
      },
      release: () => {
        if (released) return;
        released = true;
        held.slots.release();
        if (!held.slots.busy && held.nextStart <= Date.now() && this.hosts.get(host) === held) this.hosts.delete(host);
      },
    };
  }
}

/**
 * Runs one request at a time through: the host gate (at most `perHost` in flight to the host,
 * the minimum gap between request starts), then a global slot. A request waiting for its host
 * holds no global slot, so one slow host cannot starve the others. The global limit is this
 * process's own; the host limits are the gate's (in memory unless a shared gate is given).
 */
export class HostLimiter {
  private readonly global: Semaphore;
  private readonly gate: HostGate;

  constructor(perHost: number, minGapMs: number, concurrency: number, gate?: HostGate) {
    this.global = new Semaphore(concurrency);
    this.gate = gate ?? new LocalHostGate(perHost, minGapMs);
  }

  async run<T>(host: string, task: () => Promise<T>, priority = 0): Promise<T> {
    const pass = await this.gate.acquire(host, priority);
    try {
      await this.global.acquire(priority);
      try {
        pass.started();
        return await task();
      } finally {
        this.global.release();
      }
    } finally {
      pass.release();
    }
  }
}
