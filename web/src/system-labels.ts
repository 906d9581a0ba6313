// Chinese labels of the 运行状态 page (runs, queue, jobs); re-exported by labels.ts.
import type { QueueDriver, RunStatus, RunTrigger, SystemRunKind } from './api/models';

export const RUN_STATUS_COLORS: Record<RunStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

export const SYSTEM_RUN_KIND_LABELS: Record<SystemRunKind, string> = {
  link_check: '链接检测',
  poll: '采集',
  findings_scan: '风险扫描',
  inspection_evaluation: '检查评估',
};

export const QUEUE_DRIVER_LABELS: Record<QueueDriver, string> = {
  local: '进程内',
  bullmq: 'BullMQ (Redis)',
};

/** `rules`: the findings rescan after a change of the 错敏词 library or the leaders. */
export const RUN_TRIGGER_LABELS: Record<RunTrigger | 'rules', string> = {
  manual: '手动',
  schedule: '定时',
  rules: '规则变化',
};

/** Job names of the queue (see the server modules); unknown names are shown as they are. */
export const JOB_NAME_LABELS: Record<string, string> = {
  'link-check-run': '链接检测',
  'link-sweep': '链接巡检（定时）',
  'link-check-batch': '链接检测（分批）',
  'report-export': '报表导出',
  poll: '采集',
  'poll-tick': '采集调度',
  'findings-scan': '风险扫描',
  'findings-schedule': '风险扫描（定时）',
  'findings-rules-rescan': '规则变化后重新扫描',
  'repost-reminders': '转发任务提醒',
  'repost-match': '转发匹配',
  'recertify-check': '定期核查',
  'alert-delivery': '告警投递',
  'alert-reminders': '告警提醒',
  'rectification-deadlines': '整改期限提醒',
  'inspection-evaluate': '检查评估',
};
