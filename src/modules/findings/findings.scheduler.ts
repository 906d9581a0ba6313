import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { FindingsService } from './findings.service';

export const FINDINGS_SCAN_CRON_JOB = 'findings-scan';
/** The queue job the schedule fires (it queues a full scan). */
export const FINDINGS_SCHEDULE_JOB = 'findings-schedule';

/** The scheduled full scan (FINDINGS_SCAN_CRON in APP_TIMEZONE; FINDINGS_SCHEDULER=off disables it), once per deployment. */
@Injectable()
export class FindingsScheduler implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('FindingsScheduler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly findings: FindingsService,
  ) {}

  onModuleInit(): void {
    this.queue.process(FINDINGS_SCHEDULE_JOB, () => this.fire(), 1);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.findingsScheduler) await this.queue.unrepeat(FINDINGS_SCHEDULE_JOB);
    else await this.queue.repeat(FINDINGS_SCHEDULE_JOB, { cron: this.config.findingsScanCron, tz: this.config.appTimezone });
  }

  private async fire(): Promise<void> {
    try {
      const scan = await this.findings.requestScan('schedule', null);
      this.logger.log(`scheduled findings scan #${scan.id} queued`);
    } catch (error) {
      this.logger.error(`scheduled findings scan failed to start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
