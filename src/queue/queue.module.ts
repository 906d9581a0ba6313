import { Global, Logger, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { JOB_QUEUE, JobQueue } from './job-queue';
import { LocalJobQueue } from './local-job-queue';

const logger = new Logger('JobQueue');

/** Provides the JobQueue. Today the in-process driver; BullMQ arrives with [scale]. */
@Global()
@Module({
  providers: [
    {
      provide: JOB_QUEUE,
      useFactory: (): JobQueue =>
        new LocalJobQueue((name, error) => logger.error(`job ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)),
    },
  ],
  exports: [JOB_QUEUE],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  onApplicationShutdown(): void {
    if (this.queue instanceof LocalJobQueue) this.queue.close();
  }
}
