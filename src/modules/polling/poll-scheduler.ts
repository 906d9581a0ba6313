import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SourcesService } from '../sources/sources.service';
import { PollingService } from './polling.service';

/**
 * Every POLL_TICK_SECONDS, enqueues the accounts whose next poll is due (each on its own
 * interval with jitter, backoff after failures, deregistered ones daily) as one scheduled
 * run. POLL_SCHEDULER=off disables it (tests call `tick()` themselves).
 * With the in-process queue this runs in the one API process; the [scale] work moves it
 * behind a Redis lease.
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PollScheduler');
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly polling: PollingService,
    private readonly sources: SourcesService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pollScheduler) return;
    this.timer = setInterval(() => void this.tick().catch((e) => this.logger.error(`poll tick failed: ${e instanceof Error ? e.message : String(e)}`)), this.config.pollTickSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One scheduler pass; returns the run id, or null when nothing was due. */
  async tick(now = new Date(), limit = 5000): Promise<number | null> {
    if (this.ticking) return null;
    this.ticking = true;
    try {
      const due = await this.polling.due(now, limit);
      if (!due.length) return null;
      // Claim them so the next tick does not pick them again while they wait in the queue.
      await this.sources.claim(due.map((d) => d.accountId), new Date(now.getTime() + 30 * 60_000));
      const run = await this.polling.startRun(due.map((d) => d.accountId), 'schedule', null);
      return run.id;
    } finally {
      this.ticking = false;
    }
  }
}
