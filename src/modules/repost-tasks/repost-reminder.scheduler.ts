import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import type { ScheduleDefinition } from '../../queue/schedules';
import { RepostMatchingService } from './repost-matching.service';

export const REPOST_REMINDER_JOB = 'repost-reminders';

export const REPOST_REMINDER_SCHEDULE: ScheduleDefinition = {
  job: REPOST_REMINDER_JOB,
  label: '转发任务到期提醒',
  when: (config) => (config.repostReminderScheduler ? { everyMs: config.repostReminderIntervalMinutes * 60_000 } : null),
};

/** The scheduled repost_due check (REPOST_REMINDER_SCHEDULER, every REPOST_REMINDER_INTERVAL_MINUTES), once per deployment. */
@Injectable()
export class RepostReminderScheduler implements OnModuleInit {
  private readonly logger = new Logger('RepostReminders');
  private busy = false;

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly matching: RepostMatchingService,
  ) {}

  onModuleInit(): void {
    this.queue.process(REPOST_REMINDER_JOB, () => this.tick(), 1);
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.matching.checkReminders();
    } catch (error) {
      this.logger.error(`repost reminder check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.busy = false;
    }
  }
}
