import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import type { ScheduleDefinition } from '../../queue/schedules';
import { SourcesService } from '../sources/sources.service';
import { PollingService } from './polling.service';

/**
 * Every POLL_TICK_SECONDS, enqueues the accounts whose next poll is due (each on its own
 * interval with jitter, backoff after failures, deregistered ones daily) as one scheduled
 * run. POLL_SCHEDULER=off disables it (tests call `tick()` themselves).
 * The tick is a repeatable job on the job queue: in queue mode one tick per period for the
 * whole deployment, run by one worker.
 */
export const POLL_TICK_JOB = 'poll-tick';

export const POLL_TICK_SCHEDULE: ScheduleDefinition = {
  job: POLL_TICK_JOB,
  label: '发布采集调度',
  when: (config) => (config.pollScheduler ? { everyMs: config.pollTickSeconds * 1000 } : null),
};

@Injectable()
export class PollScheduler implements OnModuleInit {
  private readonly logger = new Logger('PollScheduler');
  private ticking = false;

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly polling: PollingService,
    private readonly sources: SourcesService,
  ) {}

  onModuleInit(): void {
    this.queue.process(
      POLL_TICK_JOB,
      () =>
        this.tick().then(
          () => undefined,
          (e: unknown) => this.logger.error(`poll tick failed: ${e instanceof Error ? e.message : String(e)}`),
        ),
      1,
    );
  }

  /** One scheduler pass; returns the run id, or null when nothing was due. */
  async tick(now = new Date(), limit = 5000): Promise<number | null> {
    if (this.ticking) return null;
    this.ticking = true;
    try {
      const due = await this.polling.due(now, limit);
      if (!due.length) return null;
      // Claim them so the next tick does not pick them again while they wait in the queue.
      await this.sources.claim(
        due.map((d) => d.accountId),
        new Date(now.getTime() + 30 * 60_000),
      );
      const run = await this.polling.startRun(
        due.map((d) => d.accountId),
        'schedule',
        null,
      );
      return run.id;
    } finally {
      this.ticking = false;
    }
  }
}
