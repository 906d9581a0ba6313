import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { RepostMatchingService } from './repost-matching.service';

export const REPOST_REMINDER_JOB = 'repost-reminders';

/** The scheduled repost_due check (REPOST_REMINDER_SCHEDULER, every REPOST_REMINDER_INTERVAL_MINUTES), once per deployment. */
@Injectable()
export class RepostReminderScheduler implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('RepostReminders');
  private busy = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly matching: RepostMatchingService,
  ) {}

  onModuleInit(): void {
    this.queue.process(REPOST_REMINDER_JOB, () => this.tick(), 1);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.repostReminderScheduler) await this.queue.unrepeat(REPOST_REMINDER_JOB);
    else await this.queue.repeat(REPOST_REMINDER_JOB, { everyMs: this.config.repostReminderIntervalMinutes * 60_000 });
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
