import { ServiceUnavailableException } from '@nestjs/common';

/**
 * The job queue every background task goes through (link checks, polls, scans, alert
 * deliveries, exports) and the schedules that feed it. One interface, two drivers:
 * in-process (default, `local-job-queue.ts`) and BullMQ on Redis (`bullmq-job-queue.ts`,
 * when REDIS_URL is set). Callers never know which one runs.
 */
export interface JobOptions {
  /** Jobs with the same id are not enqueued twice while one is waiting or running. */
  jobId?: string;
  /**
   * With `jobId`: when the job with this id is already running, this one is kept and runs after
   * it instead of being dropped (at most one runs and one waits per id; a later one replaces the
   * waiting one's payload). For jobs whose running instance may already have read the state the
   * new request is about.
   */
  queueBehindRunning?: boolean;
  /** Start no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Extra attempts after a failure (with exponential backoff); default 0. */
  retries?: number;
}

export type JobHandler<T> = (payload: T) => Promise<void>;

/** When a repeatable job fires: a cron expression (five or six fields, seconds first) in `tz`, or a fixed period. */
export type RepeatSpec = { cron: string; tz?: string } | { everyMs: number };

export interface JobCounts {
  waiting: number;
  active: number;
  failed: number;
}

/** A process taking jobs (BullMQ: one per worker connection name, merged over job names). */
export interface QueueWorker {
  name: string;
  addr?: string;
  /** When its connection was opened (BullMQ) or the process started (in-process). */
  startedAt?: Date;
  /** The job names it takes. */
  queues: string[];
}

/** A registered schedule: `pattern` (cron) or `everyMs`, and when it fires next when known. */
export interface QueueSchedule {
  name: string;
  pattern?: string;
  tz?: string;
  everyMs?: number;
  next?: Date;
}

export interface JobQueue {
  /** `local` runs jobs in this process only; `bullmq` shares them with every process on the same Redis. */
  readonly driver: 'local' | 'bullmq';
  /** Registers the handler of a job name; `concurrency` jobs of that name run at once (per process). */
  process<T>(name: string, handler: JobHandler<T>, concurrency?: number): void;
  enqueue<T>(name: string, payload: T, options?: JobOptions): Promise<void>;
  /**
   * Enqueues `name` on a schedule, once for the whole deployment: with BullMQ a job scheduler
   * (replicas upserting the same name share one), in-process a timer in this process.
   */
  repeat<T>(name: string, spec: RepeatSpec, payload?: T): Promise<void>;
  /** Removes the schedule of `name` (a switched-off schedule must not keep firing from Redis). */
  unrepeat(name: string): Promise<void>;
  /** Resolves when nothing is waiting or running (tests, graceful shutdown). */
  drain(): Promise<void>;
  /** Counts per job name, for health and the 运行状态 page. */
  stats(): Promise<Record<string, JobCounts>>;
  /** The processes taking jobs (运行状态 page). */
  listWorkers(): Promise<QueueWorker[]>;
  /** The registered schedules (运行状态 page). */
  listSchedules(): Promise<QueueSchedule[]>;
  /** The backing store answers (always true in-process). */
  ping(): Promise<boolean>;
  /** Starts taking jobs (called once the application has initialised every module). */
  start(): void;
  /** Stops taking jobs; running ones finish (BullMQ: closes connections). */
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');

/**
 * For a request that starts background work: answers 503 at once when the queue cannot take jobs
 * (Redis down or not answering), before anything is written, instead of holding the request until
 * Redis is back (BullMQ keeps a job added meanwhile waiting for the connection).
 */
export async function requireQueue(queue: JobQueue): Promise<void> {
  if (!(await queue.ping())) throw new ServiceUnavailableException('任务队列（Redis）不可用，请稍后重试');
}

/**
 * Enqueues follow-up work without waiting for it to be accepted: a request whose change sets off a
 * job (a findings scan after an account edit) answers even while Redis is down; the job is added
 * when Redis answers again. A failure is logged, never thrown into the caller.
 */
export function enqueueDetached<T>(queue: JobQueue, logger: { warn(message: string): void }, name: string, payload: T, options?: JobOptions): void {
  queue.enqueue(name, payload, options).catch((error: unknown) => logger.warn(`could not enqueue ${name}: ${error instanceof Error ? error.message : String(error)}`));
}
