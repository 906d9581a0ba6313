import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateAlertChannelDto } from '../alert-channels.dto';
import { AlertChannelKind, ChannelTransports, checkStatus, EMAIL_TARGET, httpChannel, URL_TARGET } from './alert-channel-kind';
import { ChannelKindRegistry, channelRegistry } from './channel-registry';
import { composeMessage } from './senders';

const CONTRACT = [
  ['webhook', '通用Webhook'],
  ['wecom', '企业微信机器人'],
  ['dingtalk', '钉钉机器人'],
  ['feishu', '飞书机器人'],
  ['email', '邮件'],
];

/** A channel kind as a later one would be written: one file, one line in index.ts. */
const teams = httpChannel({
  kind: 'test_teams',
  label: '测试群机器人',
  request: ({ target, message }) => ({ url: target, payload: { text: message.text } }),
  checkAnswer: checkStatus,
});

const message = composeMessage('test', null, 'Asia/Shanghai');

/** Transports that record what they were asked to do. */
function recorder(status = 200, body = '{"errcode":0}') {
  const calls: unknown[][] = [];
  const transports: ChannelTransports = {
    postJson: async (...args) => {
      calls.push(['post', ...args]);
      return { status, body };
    },
    sendMail: async (mail) => {
      calls.push(['mail', mail]);
    },
  };
  return { calls, transports };
}

describe('alert-channel registry', () => {
  it('holds the built-ins with their labels; robot URLs are credentials, e-mail addresses are not', () => {
    expect(channelRegistry.list().map((k) => [k.kind, k.label])).toEqual(CONTRACT);
    expect(channelRegistry.list().map((k) => k.target)).toEqual([URL_TARGET, URL_TARGET, URL_TARGET, URL_TARGET, EMAIL_TARGET]);
    expect(channelRegistry.hasSecretTarget('email')).toBe(false);
    expect(channelRegistry.hasSecretTarget('dingtalk')).toBe(true);
    expect(channelRegistry.hasSecretTarget('retired_kind')).toBe(true);
  });

  it('normalises targets by their form', () => {
    expect(EMAIL_TARGET.normalise('a@example.gov.cn; b@example.gov.cn')).toBe('a@example.gov.cn,b@example.gov.cn');
    expect(EMAIL_TARGET.normalise('not an address')).toEqual({ error: expect.stringContaining('邮箱地址') });
    expect(URL_TARGET.normalise('ftp://example.com')).toEqual({ error: expect.stringContaining('http://') });
    expect(URL_TARGET.normalise('https://example.com/hook')).toBe('https://example.com/hook');
  });

  it('sends through the transports it is lent: robots one POST with their answer checked, e-mail one mail', async () => {
    const robot = recorder(200, '{"errcode":310000,"errmsg":"sign not match"}');
    await expect(
      channelRegistry.require('dingtalk').send({ target: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: null, message, now: 0 }, robot.transports),
    ).rejects.toThrow(/310000/);
    expect(robot.calls).toEqual([['post', 'https://oapi.dingtalk.com/robot/send?access_token=abc', { msgtype: 'text', text: { content: message.text } }, undefined]]);

    const mail = recorder();
    await channelRegistry.require('email').send({ target: 'a@example.gov.cn,b@example.gov.cn', secret: null, message, now: 0 }, mail.transports);
    expect(mail.calls).toEqual([['mail', { to: 'a@example.gov.cn,b@example.gov.cn', subject: message.title, text: message.text }]]);
  });

  it('takes one more kind in a fresh registry (the application’s is untouched) and refuses bad or taken codes', () => {
    const registry = new ChannelKindRegistry();
    registry.add(teams);
    expect(registry.kinds()).toEqual([...CONTRACT.map(([kind]) => kind), 'test_teams']);
    expect(channelRegistry.has('test_teams')).toBe(false);
    const other: AlertChannelKind = { ...teams, kind: 'email' };
    expect(() => registry.add(other)).toThrow(/twice/);
    expect(() => registry.add({ ...teams, kind: 'a_kind_longer_than_16' })).toThrow(/does not match/);
  });

  it('makes a registered kind valid in POST /api/alert-channels (same 400 as before for others)', () => {
    const check = (kind: string) => validateSync(plainToInstance(CreateAlertChannelDto, { name: '测试', kind, target: 'https://example.com/hook' }));
    expect(check('wecom')).toEqual([]);
    expect(check('test_teams')[0].constraints).toEqual({ isIn: `kind must be one of the following values: ${CONTRACT.map(([kind]) => kind).join(', ')}` });
    channelRegistry.add(teams);
    expect(check('test_teams')).toEqual([]);
  });
});
