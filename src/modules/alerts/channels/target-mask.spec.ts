import { maskChannelTarget } from './target-mask';

describe('maskChannelTarget', () => {
  it.each([
    // Slack-style: the token is a run of path segments, short ones included.
    ['https://hooks.example.com/services/T000/B000/SECRET', 'https://hooks.example.com/services/***'],
    ['https://hooks.example.gov.cn/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'https://hooks.example.gov.cn/services/***'],
    // Robots keep their documented path; the key in the query or after the path is masked.
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***'],
    ['https://oapi.dingtalk.com/robot/send?access_token=abc&x=1', 'https://oapi.dingtalk.com/robot/send?access_token=***&x=***'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/2f4a3e1c-90ab-4cde-8f01-23456789abcd', 'https://open.feishu.cn/open-apis/bot/v2/hook/***'],
    // A plain first segment stays, anything token-like in its place does not.
    ['http://127.0.0.1:8080/hook', 'http://127.0.0.1:8080/hook'],
    ['https://alerts.example.gov.cn/api/v1/receive', 'https://alerts.example.gov.cn/api/***'],
    ['https://a.example/SECRET/alerts', 'https://a.example/***'],
    ['https://a.example/abc123/alerts', 'https://a.example/***'],
    ['https://a.example/averyveryverylongword', 'https://a.example/***'],
    ['https://a.example/se%63ret', 'https://a.example/***'],
    ['https://a.example/', 'https://a.example/'],
    ['https://a.example', 'https://a.example/'],
    // Query names that are not plain names are secrets too; user info and fragments never show.
    ['https://a.example/hook?Tok3nAbc&sig=1', 'https://a.example/hook?***=***&sig=***'],
    ['http://user:pa55@10.0.0.5:8080/alerts/receive#frag', 'http://***@10.0.0.5:8080/alerts/***#***'],
    ['not a url', '***'],
    ['ftp://a.example/x', '***'],
  ])('%s → %s', (raw, shown) => expect(maskChannelTarget(raw)).toBe(shown));

  it('changes nothing when applied to a masked target', () => {
    for (const raw of [
      'https://hooks.example.com/services/T000/B000/SECRET',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      'https://open.feishu.cn/open-apis/bot/v2/hook/2f4a3e1c',
      'http://user:pa55@10.0.0.5:8080/alerts/receive?Tok3n=1#frag',
    ]) {
      const once = maskChannelTarget(raw);
      expect(maskChannelTarget(once)).toBe(once);
    }
  });

  it('never shows a secret path segment or query value', () => {
    const shown = maskChannelTarget('https://hooks.example.com/services/T000/B000/SECRET?token=QWERTY');
    for (const secret of ['T000', 'B000', 'SECRET', 'QWERTY']) expect(shown).not.toContain(secret);
  });
});
