/**
 * The job queue every background task goes through (link checks, polls, scans, alert
 * deliveries, exports). One interface, two drivers: in-process (default, `local-job-queue.ts`)
 * and BullMQ on Redis (the [scale] issue). Callers never know which one runs.
 */
export interface JobOptions {
  /** Jobs with the same id are not enqueued twice while one is waiting or running. */
  jobId?: string;
  /** Start no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Extra attempts after a failure (with exponential backoff); default 0. */
  retries?: number;
}

export type JobHandler<T> = (payload: T) => Promise<void>;

export interface JobQueue {
  /** Registers the handler of a job name; `concurrency` jobs of that name run at once. */
  process<T>(name: string, handler: JobHandler<T>, concurrency?: number): void;
  enqueue<T>(name: string, payload: T, options?: JobOptions): Promise<void>;
  /** Resolves when nothing is waiting or running (tests, graceful shutdown). */
  drain(): Promise<void>;
  /** Counts per job name, for health and the 运行状态 page. */
  stats(): Promise<Record<string, { waiting: number; active: number; failed: number }>>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
