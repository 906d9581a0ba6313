import { hmacBase64, httpChannel } from './alert-channel-kind';

/** 钉钉机器人: a text message; with a secret (加签) the URL carries `timestamp` and `sign` = HMAC-SHA256(secret, "timestamp\nsecret"). */
export const dingtalk = httpChannel({
  kind: 'dingtalk',
  label: '钉钉机器人',
  request({ target, secret, message, now }) {
    const url = new URL(target);
    if (secret) {
      const timestamp = String(now);
      url.searchParams.set('timestamp', timestamp);
      url.searchParams.set('sign', hmacBase64(secret, `${timestamp}\n${secret}`));
    }
    return { url: url.toString(), payload: { msgtype: 'text', text: { content: message.text } } };
  },
});
