import { Job, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { JobCounts, JobHandler, JobOptions, JobQueue, QueueSchedule, QueueWorker, RepeatSpec } from './job-queue';

export interface BullMqJobQueueOptions {
  /** redis://host:port/db */
  url: string;
  /** Prefix of every key of this deployment. */
  prefix: string;
  /** Create workers in this process (workers, or an API with RUN_JOBS=true); otherwise enqueue only. */
  runJobs: boolean;
  /** Overrides the concurrency of every job kind that runs in parallel (declared concurrency > 1). */
  workerConcurrency?: number;
  /** A job's lock; a worker that stops renewing it (killed) has its job retried after this. */
  lockMs?: number;
  /** How often workers look for jobs whose lock expired. */
  stalledIntervalMs?: number;
  /** Called once per job that failed for good (after its retries). */
  onError?: (name: string, error: unknown) => void;
  /** Warnings of the driver itself (lost connections). */
  onWarning?: (message: string) => void;
}

const BACKOFF_BASE_MS = 500;
const KEEP_COMPLETED = 500;
const KEEP_FAILED = 1000;
/** A job may be found stalled (its worker died) this many times before it is failed. */
const MAX_STALLED = 5;
const PING_TIMEOUT_MS = 2000;
const CLOSE_GRACE_MS = 10_000;

/**
 * BullMQ driver: one BullMQ queue per job name under `prefix`. `jobId` becomes BullMQ
 * deduplication (a second job with the id is ignored while the first waits or runs, as
 * in-process), retries become attempts with exponential backoff, schedules become job
 * schedulers (one per name for the whole deployment). Workers exist only in processes
 * that run jobs; a worker killed mid-job leaves a stalled job that another worker retries.
 */
export class BullMqJobQueue implements JobQueue {
  readonly driver = 'bullmq' as const;
  private readonly connection: { url: string; maxRetriesPerRequest: null };
  private readonly queues = new Map<string, Queue>();
  private readonly handlers = new Map<string, { handler: JobHandler<unknown>; concurrency: number }>();
  private readonly workers = new Map<string, Worker>();
  private started = false;
  private closed = false;
  private pinger?: IORedis;

  constructor(private readonly options: BullMqJobQueueOptions) {
    this.connection = { url: options.url, maxRetriesPerRequest: null };
  }

  process<T>(name: string, handler: JobHandler<T>, concurrency = 1): void {
    this.handlers.set(name, { handler: handler as JobHandler<unknown>, concurrency: Math.max(1, concurrency) });
    this.queue(name);
    if (this.started) this.startWorker(name);
  }

  start(): void {
    if (this.started || this.closed || !this.options.runJobs) return;
    this.started = true;
    for (const name of this.handlers.keys()) this.startWorker(name);
  }

  async enqueue<T>(name: string, payload: T, options: JobOptions = {}): Promise<void> {
    if (this.closed) return;
    await this.queue(name).add(name, payload ?? {}, {
      attempts: (options.retries ?? 0) + 1,
      backoff: { type: 'exponential', delay: BACKOFF_BASE_MS },
      ...(options.delayMs && options.delayMs > 0 ? { delay: options.delayMs } : {}),
      ...(options.jobId ? { deduplication: { id: options.jobId, ...(options.queueBehindRunning ? { keepLastIfActive: true } : {}) } } : {}),
    });
  }

  async repeat<T>(name: string, spec: RepeatSpec, payload?: T): Promise<void> {
    if (this.closed) return;
    await this.queue(name).upsertJobScheduler(schedulerId(name), 'cron' in spec ? { pattern: spec.cron, ...(spec.tz ? { tz: spec.tz } : {}) } : { every: spec.everyMs }, {
      name,
      data: payload ?? {},
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    });
  }

  async unrepeat(name: string): Promise<void> {
    if (this.closed) return;
    await this.queue(name).removeJobScheduler(schedulerId(name));
  }

  /** Resolves when no job is waiting, running or waiting for a retry (scheduled next ticks do not count). */
  async drain(): Promise<void> {
    // Idle twice in a row: a job moving between states (delayed → waiting) is not missed.
    for (let idle = 0; idle < 2;) {
      idle = (await this.idle()) ? idle + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async idle(): Promise<boolean> {
    for (const queue of this.queues.values()) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      if (Object.values(counts).some((n) => n > 0)) return false;
      if ((await queue.getJobs(['delayed'])).some((job: Job) => !job.repeatJobKey)) return false;
    }
    return true;
  }

  async stats(): Promise<Record<string, JobCounts>> {
    const result: Record<string, JobCounts> = {};
    for (const [name, queue] of this.queues) {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
      result[name] = { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0), active: counts.active ?? 0, failed: counts.failed ?? 0 };
    }
    return result;
  }

  /** The worker processes connected to the queues (BullMQ client names), for the 运行状态 page. */
  async workerList(): Promise<{ queue: string; name: string; addr: string; age: number }[]> {
    const list: { queue: string; name: string; addr: string; age: number }[] = [];
    for (const [name, queue] of this.queues) {
      for (const w of await queue.getWorkers()) list.push({ queue: name, name: String(w.name ?? ''), addr: String(w.addr ?? ''), age: Number(w.age ?? 0) });
    }
    return list;
  }

  /** `workerList()` merged per process (connection name and address). */
  async listWorkers(): Promise<QueueWorker[]> {
    const merged = new Map<string, QueueWorker>();
    const now = Date.now();
    for (const w of await this.workerList()) {
      const key = `${w.name}@${w.addr}`;
      const startedAt = new Date(now - w.age * 1000);
      const entry = merged.get(key);
      if (!entry) merged.set(key, { name: w.name, addr: w.addr, startedAt, queues: [w.queue] });
      else {
        if (!entry.queues.includes(w.queue)) entry.queues.push(w.queue);
        if (entry.startedAt && startedAt < entry.startedAt) entry.startedAt = startedAt;
      }
    }
    return [...merged.values()];
  }

  /** The job schedulers of the known queues (one per job name at most). */
  async listSchedules(): Promise<QueueSchedule[]> {
    const list: QueueSchedule[] = [];
    for (const [name, queue] of this.queues) {
      for (const s of await queue.getJobSchedulers(0, 9)) {
        list.push({
          name: s.name || name,
          ...(s.pattern ? { pattern: s.pattern } : {}),
          ...(s.tz ? { tz: s.tz } : {}),
          ...(s.every ? { everyMs: Number(s.every) } : {}),
          ...(s.next ? { next: new Date(Number(s.next)) } : {}),
        });
      }
    }
    return list;
  }

  async ping(): Promise<boolean> {
    if (!this.pinger) {
      this.pinger = new IORedis(this.options.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: PING_TIMEOUT_MS });
      this.pinger.on('error', () => undefined);
    }
    const pinger = this.pinger;
    let timer: NodeJS.Timeout | undefined;
    try {
      if (pinger.status === 'wait' || pinger.status === 'end') await pinger.connect();
      const answer = await Promise.race([
        pinger.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
        }),
      ]);
      return answer === 'PONG';
    } catch {
      return false;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** Stops the workers (running jobs get a grace period, then are left to be retried elsewhere) and closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(
      [...this.workers.values()].map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const graceful = worker.close().then(() => true);
        const late = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), CLOSE_GRACE_MS);
        });
        if (!(await Promise.race([graceful, late]))) await worker.close(true);
        if (timer) clearTimeout(timer);
      }),
    );
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.pinger?.disconnect();
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.options.prefix,
        defaultJobOptions: { removeOnComplete: { count: KEEP_COMPLETED }, removeOnFail: { count: KEEP_FAILED } },
      });
      queue.on('error', (error: Error) => this.options.onWarning?.(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private startWorker(name: string): void {
    if (this.workers.has(name) || this.closed) return;
    const { handler, concurrency } = this.handlers.get(name)!;
    const worker = new Worker(name, (job: Job) => handler(job.data), {
      connection: this.connection,
      prefix: this.options.prefix,
      concurrency: concurrency > 1 && this.options.workerConcurrency ? this.options.workerConcurrency : concurrency,
      lockDuration: this.options.lockMs ?? 30_000,
      stalledInterval: this.options.stalledIntervalMs ?? 30_000,
      maxStalledCount: MAX_STALLED,
      name: `pid-${process.pid}`,
    });
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (!job || job.attemptsMade >= (job.opts.attempts ?? 1)) this.options.onError?.(name, error);
    });
    worker.on('error', (error: Error) => this.options.onWarning?.(`worker ${name}: ${error.message}`));
    this.workers.set(name, worker);
  }
}

function schedulerId(name: string): string {
  return `schedule:${name}`;
}
