import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JOB_QUEUE, JobQueue, RepeatSpec } from './job-queue';

/**
 * A periodic job: which queue job fires, and when, read from the configuration (null when the
 * configuration switches it off). Every schedule of the application is declared in one list
 * (src/schedules.ts) and registered here through the job queue, so there is one scheduling
 * path: BullMQ job schedulers in queue mode (one per name for the whole deployment, however
 * many processes start), in-process timers in single-process mode. The module that owns the
 * job registers its handler with `queue.process(job, …)`.
 */
export interface ScheduleDefinition {
  job: string;
  /** 中文说明 (运行状态 page, logs). */
  label: string;
  when(config: AppConfig): RepeatSpec | null;
}

export const SCHEDULES = Symbol('SCHEDULES');

@Injectable()
export class ScheduleRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger('Schedules');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SCHEDULES) private readonly schedules: ScheduleDefinition[],
  ) {}

  /** Registers every switched-on schedule and removes switched-off ones (a schedule left in Redis would keep firing). */
  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of this.schedules) {
      const spec = schedule.when(this.config);
      if (spec) await this.queue.repeat(schedule.job, spec);
      else await this.queue.unrepeat(schedule.job);
    }
    const on = this.schedules.filter((s) => s.when(this.config)).map((s) => s.label);
    this.logger.log(`schedules on (${this.queue.driver}): ${on.length ? on.join('、') : 'none'}`);
  }
}

/** Registers the application's schedules (the list comes from the application, plumbing names none). */
@Module({})
export class SchedulesModule {
  static forRoot(schedules: ScheduleDefinition[]): DynamicModule {
    return { module: SchedulesModule, providers: [{ provide: SCHEDULES, useValue: schedules }, ScheduleRegistrar] };
  }
}
