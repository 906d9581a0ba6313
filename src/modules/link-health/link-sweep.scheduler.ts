import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import type { ScheduleDefinition } from '../../queue/schedules';
import { LinkHealthService } from './link-health.service';

export const LINK_SWEEP_JOB = 'link-sweep';

export const LINK_SWEEP_SCHEDULE: ScheduleDefinition = {
  job: LINK_SWEEP_JOB,
  label: '栏目链接定时检测',
  when: (config) => (config.linkSweepCron === 'off' ? null : { cron: config.linkSweepCron, tz: config.appTimezone }),
};

/**
 * The scheduled sweep (LINK_SWEEP_CRON in APP_TIMEZONE; `off` disables it), registered on the
 * job queue: once for the whole deployment in queue mode, however many replicas start.
 */
@Injectable()
export class LinkSweepScheduler implements OnModuleInit {
  private readonly logger = new Logger('LinkSweep');

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly links: LinkHealthService,
  ) {}

  onModuleInit(): void {
    this.queue.process(LINK_SWEEP_JOB, () => this.sweep(), 1);
  }

  private async sweep(): Promise<void> {
    try {
      const run = await this.links.startScheduledSweep();
      this.logger.log(`scheduled link sweep #${run.id}: ${run.total} columns`);
    } catch (error) {
      this.logger.error(`scheduled link sweep failed to start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
