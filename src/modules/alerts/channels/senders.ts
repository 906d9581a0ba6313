/**
 * What an alert delivery says, whatever the channel (pure). How each channel kind sends it is
 * in its own file beside this one (alert-channel-kind.ts, index.ts).
 */
import type { Alert } from '../alert.entity';
import { formatTime } from '../../../common/time';

export type DeliveryEvent = 'alert.opened' | 'alert.resolved' | 'alert.reminder' | 'test';

export interface OutboundMessage {
  event: DeliveryEvent;
  alert: Alert | null;
  title: string;
  text: string;
}

const EVENT_TITLES: Record<DeliveryEvent, string> = {
  'alert.opened': '【告警】',
  'alert.resolved': '【已恢复】',
  'alert.reminder': '【告警仍未恢复】',
  test: '【测试消息】',
};

const KIND_LABELS: Record<string, string> = {
  link_broken: '栏目链接无法访问',
  poll_failing: '账号采集失败',
  account_inactive: '账号长期未更新',
  repost_due: '转发任务到期',
  finding: '违规与风险',
  source_config: '采集配置',
};

function time(date: Date | string | null | undefined, timeZone: string): string {
  if (!date) return '';
  return formatTime(new Date(date), timeZone);
}

export function composeMessage(event: DeliveryEvent, alert: Alert | null, timeZone: string): OutboundMessage {
  if (!alert) {
    return {
      event,
      alert,
      title: `${EVENT_TITLES.test}政务新媒体监测告警通道`,
      text: `${EVENT_TITLES.test}这是一条测试消息：告警通道配置正确。\n时间：${time(new Date(), timeZone)}`,
    };
  }
  const kind = KIND_LABELS[alert.kind] ?? alert.kind;
  const title = `${EVENT_TITLES[event]}${kind}`;
  const lines = [title, alert.message, `告警编号：${alert.id}`, `开始时间：${time(alert.openedAt, timeZone)}`];
  if (event === 'alert.resolved') lines.push(`恢复时间：${time(alert.resolvedAt, timeZone)}`);
  return { event, alert, title, text: lines.join('\n') };
}
