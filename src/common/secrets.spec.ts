import { generateSecretKey, parseSecretKey, redactUrl, SecretBox, SecretKeyError } from './secrets';

describe('SecretBox (AES-256-GCM)', () => {
  const key = generateSecretKey();

  it('round-trips and never stores the plain text', () => {
    const box = new SecretBox(key);
    const stored = box.encrypt('wx-secret-123');
    expect(stored).not.toContain('wx-secret-123');
    expect(stored.startsWith('v1:')).toBe(true);
    expect(box.encrypt('wx-secret-123')).not.toBe(stored);
    expect(box.decrypt(stored)).toBe('wx-secret-123');
  });

  it('refuses another key and altered values', () => {
    const stored = new SecretBox(key).encrypt('abc');
    expect(() => new SecretBox(generateSecretKey()).decrypt(stored)).toThrow();
    const parts = stored.split(':');
    parts[3] = Buffer.from('zzz').toString('base64');
    expect(() => new SecretBox(key).decrypt(parts.join(':'))).toThrow();
  });

  it('accepts 64 hex characters or base64 of 32 bytes only', () => {
    expect(parseSecretKey('a'.repeat(64))).toHaveLength(32);
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64'))).toHaveLength(32);
    expect(() => parseSecretKey('short')).toThrow(SecretKeyError);
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'))).toThrow(SecretKeyError);
  });
});

describe('redactUrl', () => {
  it.each([
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***'],
    ['https://oapi.dingtalk.com/robot/send?access_token=abc&x=1', 'https://oapi.dingtalk.com/robot/send?access_token=***&x=***'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/2f4a3e1c-90ab-4cde-8f01-23456789abcd', 'https://open.feishu.cn/open-apis/bot/v2/hook/***'],
    ['https://hooks.example.gov.cn/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'https://hooks.example.gov.cn/services/***/***/***'],
    ['http://user:pa55@10.0.0.5:8080/alerts/receive#frag', 'http://***@10.0.0.5:8080/alerts/receive#***'],
    ['not a url', '***'],
  ])('%s → %s', (raw, shown) => expect(redactUrl(raw)).toBe(shown));
});
