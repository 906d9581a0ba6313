import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import type { ScheduleDefinition } from '../../queue/schedules';
import { FindingsService } from './findings.service';

export const FINDINGS_SCAN_CRON_JOB = 'findings-scan';
/** The queue job the schedule fires (it queues a full scan). */
export const FINDINGS_SCHEDULE_JOB = 'findings-schedule';

export const FINDINGS_SCHEDULE: ScheduleDefinition = {
  job: FINDINGS_SCHEDULE_JOB,
  label: '违规与风险全量扫描',
  when: (config) => (config.findingsScheduler ? { cron: config.findingsScanCron, tz: config.appTimezone } : null),
};

/** The scheduled full scan's job (FINDINGS_SCAN_CRON in APP_TIMEZONE; FINDINGS_SCHEDULER=off disables it; registered in src/schedules.ts). */
@Injectable()
export class FindingsScheduler implements OnModuleInit {
  private readonly logger = new Logger('FindingsScheduler');

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly findings: FindingsService,
  ) {}

  onModuleInit(): void {
    this.queue.process(FINDINGS_SCHEDULE_JOB, () => this.fire(), 1);
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
