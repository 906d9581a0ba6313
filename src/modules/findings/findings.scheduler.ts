import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FindingsService } from './findings.service';

export const FINDINGS_SCAN_CRON_JOB = 'findings-scan';

/** The scheduled full scan (FINDINGS_SCAN_CRON in APP_TIMEZONE; FINDINGS_SCHEDULER=off disables it). */
@Injectable()
export class FindingsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FindingsScheduler');
  private job?: CronJob;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly findings: FindingsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.findingsScheduler) return;
    this.job = CronJob.from({
      cronTime: this.config.findingsScanCron,
      timeZone: this.config.appTimezone,
      onTick: () => {
        this.findings.requestScan('schedule', null).then(
          (scan) => this.logger.log(`scheduled findings scan #${scan.id} queued`),
          (error: unknown) => this.logger.error(`scheduled findings scan failed to start: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
      start: false,
    });
    this.registry.addCronJob(FINDINGS_SCAN_CRON_JOB, this.job as never);
    this.job.start();
  }

  onApplicationShutdown(): void {
    if (!this.job) return;
    void this.job.stop();
    try {
      this.registry.deleteCronJob(FINDINGS_SCAN_CRON_JOB);
    } catch {
      // already removed
    }
  }
}
