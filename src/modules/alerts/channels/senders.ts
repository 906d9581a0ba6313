/**
 * How each channel kind is addressed and what it is sent (pure: builds requests, checks answers).
 * WeCom robot, DingTalk robot (signed URL), Feishu robot (signed body), generic webhook.
 */
import { createHmac } from 'node:crypto';
import type { AlertChannel } from '../alert-channel.entity';
import type { Alert } from '../alert.entity';

export type DeliveryEvent = 'alert.opened' | 'alert.resolved' | 'alert.reminder' | 'test';

export interface OutboundMessage {
  event: DeliveryEvent;
  alert: Alert | null;
  title: string;
  text: string;
}

export interface HttpDelivery {
  url: string;
  payload: unknown;
  headers?: Record<string, string>;
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
  return new Date(date).toLocaleString('zh-CN', { timeZone, hour12: false });
}

export function composeMessage(event: DeliveryEvent, alert: Alert | null, timeZone: string): OutboundMessage {
  if (!alert) {
    return { event, alert, title: `${EVENT_TITLES.test}政务新媒体监测告警通道`, text: `${EVENT_TITLES.test}这是一条测试消息:告警通道配置正确。\n时间:${time(new Date(), timeZone)}` };
  }
  const kind = KIND_LABELS[alert.kind] ?? alert.kind;
  const title = `${EVENT_TITLES[event]}${kind}`;
  const lines = [title, alert.message, `告警编号:${alert.id}`, `开始时间:${time(alert.openedAt, timeZone)}`];
  if (event === 'alert.resolved') lines.push(`恢复时间:${time(alert.resolvedAt, timeZone)}`);
  return { event, alert, title, text: lines.join('\n') };
}

function sign(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64');
}

/** The HTTP request for a robot/webhook channel. `now` in milliseconds. */
export function buildHttpDelivery(channel: Pick<AlertChannel, 'kind' | 'target'>, secret: string | null, message: OutboundMessage, now = Date.now()): HttpDelivery {
  switch (channel.kind) {
    case 'webhook': {
      const payload = { event: message.event, alert: message.alert, title: message.title, text: message.text };
      const headers: Record<string, string> = {};
      if (secret) headers['x-signature'] = `sha256=${createHmac('sha256', secret).update(JSON.stringify(payload)).digest('hex')}`;
      return { url: channel.target, payload, headers };
    }
    case 'wecom':
      return { url: channel.target, payload: { msgtype: 'text', text: { content: message.text } } };
    case 'dingtalk': {
      const url = new URL(channel.target);
      if (secret) {
        const timestamp = String(now);
        url.searchParams.set('timestamp', timestamp);
        url.searchParams.set('sign', sign(secret, `${timestamp}\n${secret}`));
      }
      return { url: url.toString(), payload: { msgtype: 'text', text: { content: message.text } } };
    }
    case 'feishu': {
      const payload: Record<string, unknown> = { msg_type: 'text', content: { text: message.text } };
      if (secret) {
        const timestamp = String(Math.floor(now / 1000));
        payload.timestamp = timestamp;
        payload.sign = sign(`${timestamp}\n${secret}`, '');
      }
      return { url: channel.target, payload };
    }
    default:
      throw new Error(`channel kind ${channel.kind} is not delivered over HTTP`);
  }
}

/** Robots answer 200 with an error code in the body; this turns that into an error. */
export function checkAnswer(kind: AlertChannel['kind'], status: number, body: string): void {
  if (status < 200 || status >= 300) throw new Error(`HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
  if (kind === 'webhook') return;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return;
  }
  const code = parsed.errcode ?? parsed.code ?? parsed.StatusCode;
  if (code !== undefined && code !== 0) throw new Error(`机器人返回错误 ${String(code)}:${String(parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage ?? '')}`.slice(0, 500));
}
