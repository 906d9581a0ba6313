import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { formatTime } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import type { ScheduleDefinition } from '../../queue/schedules';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AlertsService } from '../alerts/alerts.service';
import { Rectification } from './rectification.entity';
import { reminderLevel } from './rectification-state-machine';
import { RectificationsRepository } from './rectifications.repository';

export const RECTIFICATION_CHECK_JOB = 'rectification-deadlines';

/** Deadlines are watched once a minute (api.md: "at least once a minute"); RECTIFICATION_SCHEDULER=off switches it off. */
export const RECTIFICATION_CHECK_SCHEDULE: ScheduleDefinition = {
  job: RECTIFICATION_CHECK_JOB,
  label: '整改期限提醒',
  when: (config) => (config.rectificationScheduler ? { everyMs: 60_000 } : null),
};

const SUBJECT = 'rectification';

/**
 * The deadline watch: `rectification_due` opens RECTIFICATION_DUE_HOURS before the deadline,
 * `rectification_overdue` once it has passed (the due one resolves then), both resolve when the
 * order closes. AlertsService opens at most one alert per order and kind while it lasts, so a
 * check every minute delivers once per change, never a storm. Alerts carry the unit's id and
 * go to the channels like every other alert.
 */
@Injectable()
export class RectificationReminders implements OnModuleInit {
  private readonly logger = new Logger('RectificationReminders');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly orders: RectificationsRepository,
    private readonly alerts: AlertsService,
    private readonly accounts: AccountsRepository,
  ) {}

  onModuleInit(): void {
    // Concurrency 1: a tick never overlaps the previous one.
    this.queue.process(RECTIFICATION_CHECK_JOB, () => this.tick(), 1);
  }

  async tick(): Promise<void> {
    try {
      const result = await this.checkDeadlines();
      if (result.opened) this.logger.log(`rectification deadlines: ${result.due} due, ${result.overdue} overdue, ${result.opened} alert(s) opened`);
    } catch (error) {
      this.logger.error(`rectification deadline check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async checkDeadlines(now = new Date()): Promise<{ due: number; overdue: number; opened: number }> {
    const open = await this.orders.notClosed();
    const names = new Map((await this.accounts.findByIds(open.map((o) => o.accountId).filter((id): id is number => id !== null))).map((a) => [a.id, a.name]));
    const result = { due: 0, overdue: 0, opened: 0 };
    for (const order of open) {
      const level = reminderLevel(order, now, this.config.rectificationDueHours);
      if (level === 'none') continue;
      result[level]++;
      if (level === 'overdue') await this.alerts.resolve(subject('rectification_due', order.id));
      const { opened } = await this.alerts.raise({
        ...subject(`rectification_${level}`, order.id),
        unitId: order.unitId,
        message: this.message(order, level, names),
        details: details(order),
      });
      if (opened) result.opened++;
    }
    return result;
  }

  /** The order closed: its reminders end. */
  async resolveFor(orderId: number): Promise<void> {
    await this.alerts.resolve(subject('rectification_due', orderId));
    await this.alerts.resolve(subject('rectification_overdue', orderId));
  }

  private message(order: Rectification, level: 'due' | 'overdue', names: Map<number, string>): string {
    const deadline = formatTime(order.dueAt, this.config.appTimezone);
    const account = order.accountId !== null && names.has(order.accountId) ? `（账号“${names.get(order.accountId)}”）` : '';
    return level === 'overdue'
      ? `整改通知“${order.title}”${account}已超过整改期限 ${deadline}，请单位尽快整改并反馈`
      : `整改通知“${order.title}”${account}将于 ${deadline} 到期，请单位按期整改并反馈`;
  }
}

function subject(kind: 'rectification_due' | 'rectification_overdue', orderId: number) {
  return { kind, subjectType: SUBJECT, subjectId: orderId };
}

function details(order: Rectification): Record<string, unknown> {
  return { rectificationId: order.id, accountId: order.accountId, dueAt: order.dueAt.toISOString(), status: order.status };
}
