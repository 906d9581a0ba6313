import { accountUrlKey, InvalidAccountUrlError, keysForPlatformId, samePlatformId, searchFragment, tryAccountUrlKey } from './account-url';

describe('accountUrlKey: canonical account URLs', () => {
  const cases: Array<[string, string, string | null]> = [
    // WeChat official account: the __biz parameter names the account.
    ['https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA1MjM0NTY3OA==#wechat_redirect', 'wechat:biz:MzA1MjM0NTY3OA', 'wechat'],
    ['http://mp.weixin.qq.com/mp/profile_ext?__biz=MzA1MjM0NTY3OA%3D%3D&action=home&scene=124', 'wechat:biz:MzA1MjM0NTY3OA', 'wechat'],
    ['mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA1MjM0NTY3OA', 'wechat:biz:MzA1MjM0NTY3OA', 'wechat'],
    ['https://mp.weixin.qq.com/s?__biz=MzA1MjM0NTY3OA==&mid=2650000001&idx=1&sn=abc&chksm=x#rd', 'wechat:biz:MzA1MjM0NTY3OA', 'wechat'],
    // Weibo: every form of the uid page.
    ['https://weibo.com/u/1234567890', 'weibo:uid:1234567890', 'weibo'],
    ['http://www.weibo.com/u/1234567890/', 'weibo:uid:1234567890', 'weibo'],
    ['https://weibo.com/1234567890?refer_flag=1001030103_&is_all=1', 'weibo:uid:1234567890', 'weibo'],
    ['https://m.weibo.cn/u/1234567890?uid=1234567890&luicode=10000011', 'weibo:uid:1234567890', 'weibo'],
    ['https://m.weibo.cn/profile/1234567890#top', 'weibo:uid:1234567890', 'weibo'],
    ['https://weibo.cn/u/1234567890', 'weibo:uid:1234567890', 'weibo'],
    ['WEIBO.COM/u/1234567890', 'weibo:uid:1234567890', 'weibo'],
    ['https://weibo.com/FengXiangFabu', 'weibo:domain:fengxiangfabu', 'weibo'],
    // Toutiao
    ['https://www.toutiao.com/c/user/token/MS4wLjABAAAAabc-DEF_123/', 'toutiao:token:MS4wLjABAAAAabc-DEF_123', 'toutiao'],
    ['http://toutiao.com/c/user/token/MS4wLjABAAAAabc-DEF_123?source=profile&wid=1', 'toutiao:token:MS4wLjABAAAAabc-DEF_123', 'toutiao'],
    ['https://m.toutiao.com/c/user/token/MS4wLjABAAAAabc-DEF_123', 'toutiao:token:MS4wLjABAAAAabc-DEF_123', 'toutiao'],
    ['https://m.toutiao.com/profile/MS4wLjABAAAAabc-DEF_123/', 'toutiao:token:MS4wLjABAAAAabc-DEF_123', 'toutiao'],
    ['https://www.toutiao.com/c/user/98765432101/', 'toutiao:user:98765432101', 'toutiao'],
    // Douyin
    ['https://www.douyin.com/user/MS4wLjABAAAAxyz_987-Q', 'douyin:user:MS4wLjABAAAAxyz_987-Q', 'douyin'],
    ['https://douyin.com/user/MS4wLjABAAAAxyz_987-Q?from_tab_name=main&vid=7', 'douyin:user:MS4wLjABAAAAxyz_987-Q', 'douyin'],
    ['https://www.iesdouyin.com/share/user/MS4wLjABAAAAxyz_987-Q/?u_code=abc', 'douyin:user:MS4wLjABAAAAxyz_987-Q', 'douyin'],
    ['https://www.iesdouyin.com/share/user/102030405?sec_uid=MS4wLjABAAAAxyz_987-Q&did=1', 'douyin:user:MS4wLjABAAAAxyz_987-Q', 'douyin'],
    ['https://iesdouyin.com/share/user/102030405', 'douyin:user:102030405', 'douyin'],
    // Others
    ['https://space.bilibili.com/12345/', 'bilibili:uid:12345', 'bilibili'],
    ['https://www.kuaishou.com/profile/3xabc', 'kuaishou:user:3xabc', 'kuaishou'],
    ['https://www.example.gov.cn/xwzx/?utm_source=x&id=5#top', 'url:example.gov.cn/xwzx?id=5', null],
    ['http://example.gov.cn/xwzx', 'url:example.gov.cn/xwzx', null],
  ];

  it.each(cases)('%s → %s', (url, key, platform) => {
    const result = accountUrlKey(url);
    expect(result.key).toBe(key);
    expect(result.platform).toBe(platform);
  });

  it('keeps identifiers case-sensitive but hosts case-insensitive', () => {
    expect(accountUrlKey('https://WWW.DOUYIN.COM/user/AbC').key).toBe('douyin:user:AbC');
    expect(accountUrlKey('https://www.douyin.com/user/abc').key).not.toBe(accountUrlKey('https://www.douyin.com/user/ABC').key);
  });

  it('does not confuse different accounts', () => {
    expect(accountUrlKey('https://weibo.com/u/1234567890').key).not.toBe(accountUrlKey('https://weibo.com/u/1234567891').key);
    expect(accountUrlKey('https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA1').key).not.toBe(
      accountUrlKey('https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA2').key,
    );
  });

  it.each(['javascript:alert(1)', 'ftp://weibo.com/u/1', 'data:text/html,hi', '', '   ', 'not a url at all', 'x'.repeat(2100)])('refuses %p', (raw) => {
    expect(() => accountUrlKey(raw)).toThrow(InvalidAccountUrlError);
    expect(tryAccountUrlKey(raw)).toBeNull();
  });

  it('reads host:port without a scheme as https', () => {
    expect(accountUrlKey('example.gov.cn:8080/a/').key).toBe('url:example.gov.cn:8080/a');
  });
});

describe('platform ids', () => {
  it('turns ?platform=&id= into the keys a URL would have', () => {
    expect(keysForPlatformId('weibo', '1234567890')).toEqual(['weibo:uid:1234567890']);
    expect(keysForPlatformId('wechat', 'MzA1MjM0NTY3OA==')).toEqual(['wechat:biz:MzA1MjM0NTY3OA']);
    expect(keysForPlatformId('wechat', 'gh_abc123')).toEqual([]);
    expect(keysForPlatformId('douyin', 'MS4w')).toEqual(['douyin:user:MS4w']);
    expect(keysForPlatformId('toutiao', 'MS4wTok')).toEqual(['toutiao:token:MS4wTok']);
    expect(keysForPlatformId('other', 'x')).toEqual([]);
  });

  it('compares WeChat original ids without regard to case, others exactly', () => {
    expect(samePlatformId('gh_ABC123', ' gh_abc123 ')).toBe(true);
    expect(samePlatformId('1234567890', '1234567890')).toBe(true);
    expect(samePlatformId('AbC', 'abc')).toBe(false);
    expect(samePlatformId(null, '')).toBe(false);
  });

  it('finds a fragment that survives URL encoding', () => {
    expect(searchFragment('MzA1MjM0NTY3OA==')).toBe('MzA1MjM0NTY3OA');
    expect(searchFragment('ab+cdef/gh')).toBe('cdef');
  });
});
