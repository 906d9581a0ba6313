import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { RepostMatchingService } from './repost-matching.service';

/** The scheduled repost_due check (REPOST_REMINDER_SCHEDULER, every REPOST_REMINDER_INTERVAL_MINUTES). */
@Injectable()
export class RepostReminderScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RepostReminders');
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly matching: RepostMatchingService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.repostReminderScheduler) return;
    this.timer = setInterval(() => void this.tick(), this.config.repostReminderIntervalMinutes * 60_000);
    this.timer.unref();
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

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
