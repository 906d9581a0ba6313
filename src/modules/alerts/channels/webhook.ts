import { createHmac } from 'node:crypto';
import { checkStatus, httpChannel } from './alert-channel-kind';

/** 通用Webhook: the message as JSON; with a secret, `x-signature: sha256=<HMAC of the body, hex>`. Any 2xx is accepted. */
export const webhook = httpChannel({
  kind: 'webhook',
  label: '通用Webhook',
  request({ target, secret, message }) {
    const payload = { event: message.event, alert: message.alert, title: message.title, text: message.text };
    const headers: Record<string, string> = {};
    if (secret) headers['x-signature'] = `sha256=${createHmac('sha256', secret).update(JSON.stringify(payload)).digest('hex')}`;
    return { url: target, payload, headers };
  },
  checkAnswer: checkStatus,
});
