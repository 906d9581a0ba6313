import { Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BullMqJobQueue } from './bullmq-job-queue';
import { JOB_QUEUE, JobQueue } from './job-queue';
import { LocalJobQueue } from './local-job-queue';

const logger = new Logger('JobQueue');

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The JobQueue driver for this configuration: BullMQ when REDIS_URL is set, in-process otherwise. */
export function createJobQueue(config: AppConfig, timers?: SchedulerRegistry): JobQueue {
  const onError = (name: string, error: unknown) => logger.error(`job ${name} failed: ${describe(error)}`);
  // Single-process mode: the schedules are @nestjs/schedule timers (cron jobs and intervals) in this process.
  if (!config.redisUrl) return new LocalJobQueue(onError, timers);
  return new BullMqJobQueue({
    url: config.redisUrl,
    prefix: config.queuePrefix,
    runJobs: config.runJobs,
    workerConcurrency: config.workerConcurrency,
    lockMs: config.queueLockMs,
    stalledIntervalMs: config.queueStalledIntervalMs,
    onError,
    onWarning: (message) => logger.warn(message),
  });
}

/**
 * Provides the JobQueue. Workers start taking jobs once every module has registered its
 * handlers (application bootstrap), and stop at shutdown.
 */
@Global()
@Module({
  providers: [
    { provide: JOB_QUEUE, inject: [APP_CONFIG, SchedulerRegistry], useFactory: (config: AppConfig, timers: SchedulerRegistry): JobQueue => createJobQueue(config, timers) },
  ],
  exports: [JOB_QUEUE],
})
export class QueueModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  onApplicationBootstrap(): void {
    this.queue.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
