import { CronJob } from 'cron';
import { JobCounts, JobHandler, JobOptions, JobQueue, QueueSchedule, QueueWorker, RepeatSpec } from './job-queue';
import { backoffDelayMs } from '../common/backoff';

interface Lane {
  handler?: JobHandler<unknown>;
  concurrency: number;
  active: number;
  failed: number;
  waiting: { payload: unknown; options: JobOptions; attempt: number }[];
}

const BACKOFF_BASE_MS = 500;

/** Where the in-process timers are kept (@nestjs/schedule's SchedulerRegistry in the application). */
export interface TimerRegistry {
  addCronJob(name: string, job: CronJob): void;
  deleteCronJob(name: string): void;
  addInterval(name: string, intervalId: NodeJS.Timeout): void;
  deleteInterval(name: string): void;
  doesExist(type: 'cron' | 'interval', name: string): boolean;
}

/** In-process driver: jobs run in this process, per-name concurrency, optional retries. */
export class LocalJobQueue implements JobQueue {
  readonly driver = 'local' as const;
  private readonly lanes = new Map<string, Lane>();
  /** Jobs by `name:jobId` while one waits or runs, with the one kept to run after it (`queueBehindRunning`). */
  private readonly pendingIds = new Map<string, { running: boolean; next?: { payload: unknown; options: JobOptions } }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly repeats = new Map<string, { stop(): void; info(): QueueSchedule }>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly onError: (name: string, error: unknown) => void = () => undefined,
    private readonly scheduler?: TimerRegistry,
  ) {}

  process<T>(name: string, handler: JobHandler<T>, concurrency = 1): void {
    const lane = this.lane(name);
    lane.handler = handler as JobHandler<unknown>;
    lane.concurrency = Math.max(1, concurrency);
    this.pump(name);
  }

  async enqueue<T>(name: string, payload: T, options: JobOptions = {}): Promise<void> {
    if (this.closed) return;
    if (options.jobId) {
      const key = `${name}:${options.jobId}`;
      const pending = this.pendingIds.get(key);
      if (pending) {
        if (pending.running && options.queueBehindRunning) pending.next = { payload, options };
        return;
      }
      this.pendingIds.set(key, { running: false });
    }
    const job = { payload, options, attempt: 0 };
    if (options.delayMs && options.delayMs > 0) this.later(options.delayMs, () => this.push(name, job));
    else this.push(name, job);
  }

  async drain(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** A timer in this process (one process is the whole deployment); a tick is skipped while the previous job still waits or runs. */
  async repeat<T>(name: string, spec: RepeatSpec, payload?: T): Promise<void> {
    await this.unrepeat(name);
    if (this.closed) return;
    const fire = () => void this.enqueue(name, payload ?? {}, { jobId: `repeat:${name}` });
    if ('cron' in spec) {
      const job = CronJob.from({ cronTime: spec.cron, timeZone: spec.tz, onTick: fire, start: true });
      this.scheduler?.addCronJob(`repeat:${name}`, job);
      this.repeats.set(name, {
        stop: () => this.stopCron(name, job),
        info: () => ({ name, pattern: spec.cron, ...(spec.tz ? { tz: spec.tz } : {}), next: job.nextDate().toJSDate() }),
      });
    } else {
      const since = Date.now();
      const timer = setInterval(fire, spec.everyMs);
      timer.unref();
      this.scheduler?.addInterval(`repeat:${name}`, timer);
      const next = () => new Date(since + (Math.floor((Date.now() - since) / spec.everyMs) + 1) * spec.everyMs);
      this.repeats.set(name, { stop: () => this.stopInterval(name, timer), info: () => ({ name, everyMs: spec.everyMs, next: next() }) });
    }
  }

  // The schedule module may have cleared its registry first on shutdown: only delete what is still there.
  private stopCron(name: string, job: CronJob): void {
    void job.stop();
    if (this.scheduler?.doesExist('cron', `repeat:${name}`)) this.scheduler.deleteCronJob(`repeat:${name}`);
  }

  private stopInterval(name: string, timer: NodeJS.Timeout): void {
    clearInterval(timer);
    if (this.scheduler?.doesExist('interval', `repeat:${name}`)) this.scheduler.deleteInterval(`repeat:${name}`);
  }

  async unrepeat(name: string): Promise<void> {
    this.repeats.get(name)?.stop();
    this.repeats.delete(name);
  }

  /** This process, taking every job name with a handler. */
  async listWorkers(): Promise<QueueWorker[]> {
    const queues = [...this.lanes].filter(([, lane]) => lane.handler).map(([name]) => name);
    return [{ name: `pid-${process.pid}`, startedAt: new Date(Date.now() - process.uptime() * 1000), queues }];
  }

  async listSchedules(): Promise<QueueSchedule[]> {
    return [...this.repeats.values()].map((schedule) => schedule.info());
  }

  async ping(): Promise<boolean> {
    return true;
  }

  start(): void {
    // Jobs run as soon as a handler is registered.
  }

  async stats(): Promise<Record<string, JobCounts>> {
    return Object.fromEntries([...this.lanes].map(([name, lane]) => [name, { waiting: lane.waiting.length, active: lane.active, failed: lane.failed }]));
  }

  /** Stops taking work; running jobs finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const schedule of this.repeats.values()) schedule.stop();
    this.repeats.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const lane of this.lanes.values()) lane.waiting = [];
    this.settle();
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { concurrency: 1, active: 0, failed: 0, waiting: [] };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private push(name: string, job: Lane['waiting'][number]): void {
    if (this.closed) return;
    this.lane(name).waiting.push(job);
    this.pump(name);
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
      this.settle();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  private pump(name: string): void {
    const lane = this.lane(name);
    while (lane.handler && lane.active < lane.concurrency && lane.waiting.length) {
      const job = lane.waiting.shift()!;
      this.markRunning(name, job.options, true);
      lane.active++;
      void this.run(name, lane, job);
    }
  }

  private async run(name: string, lane: Lane, job: Lane['waiting'][number]): Promise<void> {
    try {
      await lane.handler!(job.payload);
      this.forget(name, job.options);
    } catch (error) {
      if (job.attempt < (job.options.retries ?? 0) && !this.closed) {
        const retry = { ...job, attempt: job.attempt + 1 };
        this.markRunning(name, job.options, false); // waiting again: a new request is answered by the retry
        this.later(backoffDelayMs(job.attempt, { baseMs: BACKOFF_BASE_MS }), () => this.push(name, retry));
      } else {
        lane.failed++;
        this.forget(name, job.options);
        this.onError(name, error);
      }
    } finally {
      lane.active--;
      this.pump(name);
      this.settle();
    }
  }

  private markRunning(name: string, options: JobOptions, running: boolean): void {
    const pending = options.jobId ? this.pendingIds.get(`${name}:${options.jobId}`) : undefined;
    if (pending) pending.running = running;
  }

  /** The job is finished: its id is free, and the one kept behind it (if any) is enqueued now. */
  private forget(name: string, options: JobOptions): void {
    if (!options.jobId) return;
    const key = `${name}:${options.jobId}`;
    const next = this.pendingIds.get(key)?.next;
    this.pendingIds.delete(key);
    if (next) void this.enqueue(name, next.payload, next.options);
  }

  private isIdle(): boolean {
    if (this.timers.size) return false;
    for (const lane of this.lanes.values()) if (lane.active || (lane.handler && lane.waiting.length)) return false;
    return true;
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
