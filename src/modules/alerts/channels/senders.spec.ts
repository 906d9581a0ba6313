import { createHmac } from 'node:crypto';
import type { HttpChannelKind } from './alert-channel-kind';
import { channelRegistry } from './channel-registry';
import { composeMessage, OutboundMessage } from './senders';

const http = (kind: string) => channelRegistry.require(kind) as HttpChannelKind;
const buildHttpDelivery = (channel: { kind: string; target: string }, secret: string | null, message: OutboundMessage, now = Date.now()) =>
  http(channel.kind).request({ target: channel.target, secret, message, now });
const checkAnswer = (kind: string, status: number, body: string) => http(kind).checkAnswer(status, body);

describe('alert channel senders', () => {
  const message = composeMessage('test', null, 'Asia/Shanghai');

  it('signs DingTalk URLs with HMAC-SHA256 of timestamp\\nsecret', () => {
    const d = buildHttpDelivery({ kind: 'dingtalk', target: 'https://oapi.dingtalk.com/robot/send?access_token=abc' }, 'SECxyz', message, 1700000000000);
    const url = new URL(d.url);
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    const expected = createHmac('sha256', 'SECxyz').update('1700000000000\nSECxyz').digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(d.url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(d.payload).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('测试消息') } });
  });

  it('signs Feishu bodies with the key timestamp\\nsecret over an empty string', () => {
    const d = buildHttpDelivery({ kind: 'feishu', target: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' }, 'sec', message, 1700000000000);
    const expected = createHmac('sha256', '1700000000\nsec').update('').digest('base64');
    expect(d.payload).toMatchObject({ msg_type: 'text', timestamp: '1700000000', sign: expected, content: { text: expect.any(String) } });
  });

  it('sends WeCom text and webhook JSON', () => {
    expect(buildHttpDelivery({ kind: 'wecom', target: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }, null, message).payload).toMatchObject({ msgtype: 'text' });
    const hook = buildHttpDelivery({ kind: 'webhook', target: 'https://example.com/hook' }, 's', message);
    expect(hook.payload).toMatchObject({ event: 'test' });
    expect(hook.headers?.['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('treats a robot error code as a failure', () => {
    expect(() => checkAnswer('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toThrow(/310000/);
    expect(() => checkAnswer('feishu', 200, '{"code":0,"msg":"success"}')).not.toThrow();
    expect(() => checkAnswer('webhook', 500, 'x')).toThrow(/HTTP 500/);
  });
});
