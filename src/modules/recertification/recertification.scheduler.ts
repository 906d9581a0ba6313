import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import type { ScheduleDefinition } from '../../queue/schedules';
import { RecertificationService } from './recertification.service';

export const RECERTIFY_CHECK_JOB = 'recertify-check';

export const RECERTIFY_CHECK_SCHEDULE: ScheduleDefinition = {
  job: RECERTIFY_CHECK_JOB,
  label: '定期核查到期提醒',
  when: (config) => (config.recertifyScheduler ? { cron: config.recertifyCheckCron, tz: config.appTimezone } : null),
};

/** The scheduled recertify_due check's job (RECERTIFY_CHECK_CRON in APP_TIMEZONE; RECERTIFY_SCHEDULER=off disables it; registered in src/schedules.ts). */
@Injectable()
export class RecertificationScheduler implements OnModuleInit {
  private readonly logger = new Logger('RecertificationScheduler');

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly recertification: RecertificationService,
  ) {}

  onModuleInit(): void {
    // Concurrency 1: a tick never overlaps the previous one (in queue mode, one job per tick for the deployment).
    this.queue.process(RECERTIFY_CHECK_JOB, () => this.tick(), 1);
  }

  async tick(): Promise<void> {
    try {
      const result = await this.recertification.checkReminders();
      this.logger.log(`recertify check: ${result.due} due, ${result.overdue} overdue, ${result.opened} alert(s) opened, ${result.resolved} resolved`);
    } catch (error) {
      this.logger.error(`recertify check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
