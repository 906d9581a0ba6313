import type { ScheduleDefinition } from './queue/schedules';
import { ALERT_REMINDER_SCHEDULE } from './modules/alerts/alert-channels.service';
import { FINDINGS_SCHEDULE } from './modules/findings/findings.scheduler';
import { LINK_SWEEP_SCHEDULE } from './modules/link-health/link-sweep.scheduler';
import { POLL_TICK_SCHEDULE } from './modules/polling/poll-scheduler';
import { RECTIFICATION_CHECK_SCHEDULE } from './modules/rectifications/rectification-reminders';
import { RECERTIFY_CHECK_SCHEDULE } from './modules/recertification/recertification.scheduler';
import { REPOST_REMINDER_SCHEDULE } from './modules/repost-tasks/repost-reminder.scheduler';

/**
 * Every periodic job of the application, in one place (issue #18, "one scheduling path"). Each
 * is registered through the job queue by SchedulesModule: a BullMQ job scheduler in queue mode
 * (once per tick for the whole deployment), an in-process timer in single-process mode. Adding
 * one: export a ScheduleDefinition beside the job's handler, and add it here.
 */
export const SCHEDULES: ScheduleDefinition[] = [
  LINK_SWEEP_SCHEDULE,
  POLL_TICK_SCHEDULE,
  FINDINGS_SCHEDULE,
  REPOST_REMINDER_SCHEDULE,
  RECERTIFY_CHECK_SCHEDULE,
  ALERT_REMINDER_SCHEDULE,
  RECTIFICATION_CHECK_SCHEDULE,
];
