import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { LinkHealthService } from './link-health.service';

export const LINK_SWEEP_JOB = 'link-sweep';

/** The scheduled sweep (LINK_SWEEP_CRON in APP_TIMEZONE; `off` disables it). */
@Injectable()
export class LinkSweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LinkSweep');
  private job?: CronJob;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly links: LinkHealthService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.linkSweepCron === 'off') return;
    this.job = CronJob.from({
      cronTime: this.config.linkSweepCron,
      timeZone: this.config.appTimezone,
      onTick: () => {
        this.links.startScheduledSweep().then(
          (run) => this.logger.log(`scheduled link sweep #${run.id}: ${run.total} columns`),
          (error: unknown) => this.logger.error(`scheduled link sweep failed to start: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
      start: false,
    });
    this.registry.addCronJob(LINK_SWEEP_JOB, this.job as never);
    this.job.start();
  }

  onApplicationShutdown(): void {
    if (!this.job) return;
    void this.job.stop();
    try {
      this.registry.deleteCronJob(LINK_SWEEP_JOB);
    } catch {
      // already removed
    }
  }
}
