/**
 * What an alert-channel kind is (告警通道): how its target is written and kept, and how one
 * message is delivered. Pure, no framework: the built-ins are one file each beside this one,
 * registered in index.ts; the service hands them the transports (guarded HTTP, SMTP).
 */
import { createHmac } from 'node:crypto';
import { isHttpUrl } from '../../../common/validators';
import type { OutboundMessage } from './senders';

/** Stored in `alert_channels.kind` (varchar(16)). */
export const CHANNEL_KIND = /^[a-z][a-z0-9_]{1,15}$/;

/** How a channel's target is written and kept. */
export interface ChannelTarget {
  /** The target as stored, from what an admin typed (trimmed); `{error}` names what is wrong. */
  normalise(raw: string): string | { error: string };
  /**
   * A credential (robot and webhook URLs carry their keys): stored encrypted, shown masked
   * (target-mask.ts). Otherwise stored and shown as it is.
   */
  readonly secret: boolean;
}

/** A webhook or robot address: an http(s) URL, a credential. */
export const URL_TARGET: ChannelTarget = {
  normalise: (raw) => (isHttpUrl(raw) ? raw : { error: '目标必须是以 http:// 或 https:// 开头的完整网址' }),
  secret: true,
};

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** E-mail addresses, separated by commas, semicolons or spaces; stored comma-separated. */
export const EMAIL_TARGET: ChannelTarget = {
  normalise: (raw) => {
    const addresses = raw.split(/[,;,;\s]+/).filter(Boolean);
    if (!addresses.length || addresses.some((a) => !EMAIL.test(a))) return { error: '邮件通道的目标必须是邮箱地址，多个用逗号分隔' };
    return addresses.join(',');
  },
  secret: false,
};

/** What the service lends a channel to deliver with (SSRF guard, timeouts, SMTP settings applied). */
export interface ChannelTransports {
  /** A JSON POST; the answer as it came (any status). */
  postJson(url: string, payload: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  /** One e-mail through the configured SMTP server. */
  sendMail(mail: { to: string; subject: string; text: string }): Promise<void>;
}

/** One message to one channel: its target and secret in clear (in memory only). */
export interface ChannelDelivery {
  target: string;
  secret: string | null;
  message: OutboundMessage;
  /** Milliseconds, for signatures. */
  now: number;
}

export interface AlertChannelKind {
  /** `CHANNEL_KIND`; what `POST /api/alert-channels` takes as `kind`. */
  readonly kind: string;
  /** The Chinese name (企业微信机器人, 邮件…). */
  readonly label: string;
  readonly target: ChannelTarget;
  /** Delivers the message; throws when it was not accepted (the delivery is tried again later). */
  send(delivery: ChannelDelivery, transports: ChannelTransports): Promise<void>;
}

/** The HTTP request of a webhook/robot channel. */
export interface HttpDelivery {
  url: string;
  payload: unknown;
  headers?: Record<string, string>;
}

/** A channel that is one JSON POST: its request (pure, tested on its own) and the check of the answer. */
export interface HttpChannelKind extends AlertChannelKind {
  request(delivery: ChannelDelivery): HttpDelivery;
  checkAnswer(status: number, body: string): void;
}

/** An HTTP channel from its request builder; the answer is checked as robots answer unless `checkAnswer` is given. */
export function httpChannel(spec: Pick<HttpChannelKind, 'kind' | 'label' | 'request'> & Partial<Pick<HttpChannelKind, 'checkAnswer'>>): HttpChannelKind {
  const checkAnswer = spec.checkAnswer ?? checkRobotAnswer;
  return {
    target: URL_TARGET,
    checkAnswer,
    ...spec,
    async send(delivery, transports) {
      const request = spec.request(delivery);
      const answer = await transports.postJson(request.url, request.payload, request.headers);
      checkAnswer(answer.status, answer.body);
    },
  };
}

/** Anything but 2xx is a failure. */
export function checkStatus(status: number, body: string): void {
  if (status < 200 || status >= 300) throw new Error(`HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
}

/** Robots answer 200 with an error code in the body (errcode, code, StatusCode): non-zero is a failure. */
export function checkRobotAnswer(status: number, body: string): void {
  checkStatus(status, body);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return;
  }
  const code = parsed.errcode ?? parsed.code ?? parsed.StatusCode;
  if (code !== undefined && code !== 0) throw new Error(`机器人返回错误 ${String(code)}：${String(parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage ?? '')}`.slice(0, 500));
}

/** HMAC-SHA256, base64 (robot signatures). */
export function hmacBase64(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64');
}
