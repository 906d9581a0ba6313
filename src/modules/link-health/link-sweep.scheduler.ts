import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { LinkHealthService } from './link-health.service';

export const LINK_SWEEP_JOB = 'link-sweep';

/**
 * The scheduled sweep (LINK_SWEEP_CRON in APP_TIMEZONE; `off` disables it), registered on the
 * job queue: once for the whole deployment in queue mode, however many replicas start.
 */
@Injectable()
export class LinkSweepScheduler implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('LinkSweep');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly links: LinkHealthService,
  ) {}

  onModuleInit(): void {
    this.queue.process(LINK_SWEEP_JOB, () => this.sweep(), 1);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.linkSweepCron === 'off') await this.queue.unrepeat(LINK_SWEEP_JOB);
    else await this.queue.repeat(LINK_SWEEP_JOB, { cron: this.config.linkSweepCron, tz: this.config.appTimezone });
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
