import { hmacBase64, httpChannel } from './alert-channel-kind';

/** 飞书机器人: a text message; with a secret (签名校验) the body carries `timestamp` (seconds) and `sign` = HMAC-SHA256 keyed "timestamp\nsecret" over "". */
export const feishu = httpChannel({
  kind: 'feishu',
  label: '飞书机器人',
  request({ target, secret, message, now }) {
    const payload: Record<string, unknown> = { msg_type: 'text', content: { text: message.text } };
    if (secret) {
      const timestamp = String(Math.floor(now / 1000));
      payload.timestamp = timestamp;
      payload.sign = hmacBase64(`${timestamp}\n${secret}`, '');
    }
    return { url: target, payload };
  },
});
