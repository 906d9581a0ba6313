import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RecertificationService } from './recertification.service';

export const RECERTIFY_CHECK_CRON_JOB = 'recertify-check';

/** The scheduled recertify_due check (RECERTIFY_CHECK_CRON in APP_TIMEZONE; RECERTIFY_SCHEDULER=off disables it). */
@Injectable()
export class RecertificationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RecertificationScheduler');
  private job?: CronJob;
  private busy = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly recertification: RecertificationService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.recertifyScheduler) return;
    this.job = CronJob.from({ cronTime: this.config.recertifyCheckCron, timeZone: this.config.appTimezone, onTick: () => void this.tick(), start: false });
    this.registry.addCronJob(RECERTIFY_CHECK_CRON_JOB, this.job as never);
    this.job.start();
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const result = await this.recertification.checkReminders();
      this.logger.log(`recertify check: ${result.due} due, ${result.overdue} overdue, ${result.opened} alert(s) opened, ${result.resolved} resolved`);
    } catch (error) {
      this.logger.error(`recertify check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.busy = false;
    }
  }

  onApplicationShutdown(): void {
    if (!this.job) return;
    void this.job.stop();
    try {
      this.registry.deleteCronJob(RECERTIFY_CHECK_CRON_JOB);
    } catch {
      // already removed
    }
  }
}
