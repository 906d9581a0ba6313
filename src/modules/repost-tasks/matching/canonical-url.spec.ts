import { canonicalUrl, sameArticle, weiboMidToBid } from './canonical-url';

const BIZ = 'MzA4MDE1NzY1Mg==';
const WECHAT = `https://mp.weixin.qq.com/s?__biz=${encodeURIComponent(BIZ)}&mid=2653452118&idx=1&sn=6a3f1c2b9e8d7f6a5b4c3d2e1f0a9b8c`;

describe('canonicalUrl: variants that name the same article', () => {
  const same: [string, string, string][] = [
    ['http = https', 'http://www.gov.cn/zhengce/content/202309/content_6905222.htm', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm'],
    ['www. ignored', 'https://gov.cn/zhengce/content/202309/content_6905222.htm', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm'],
    ['fragment ignored', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm#top', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm'],
    [
      'utm parameters ignored',
      'https://www.gov.cn/zhengce/content/202309/content_6905222.htm?utm_source=wechat&utm_medium=social',
      'https://www.gov.cn/zhengce/content/202309/content_6905222.htm',
    ],
    ['host case and default port', 'HTTPS://WWW.GOV.CN:443/zhengce/content/202309/content_6905222.htm', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm'],
    ['trailing slash', 'https://www.gov.cn/zhengce/zuixin/', 'https://www.gov.cn/zhengce/zuixin'],
    ['parameter order', 'https://sousuo.www.gov.cn/s?q=a&t=zhengce', 'https://sousuo.www.gov.cn/s?t=zhengce&q=a'],
    ['wechat chksm/scene dropped', `${WECHAT}&chksm=84a1b2c3d4e5f6a7&scene=21#wechat_redirect`, WECHAT],
    ['wechat http and shared params', `${WECHAT.replace('https:', 'http:')}&from=timeline&isappinstalled=0`, WECHAT],
    ['wechat param order and raw ==', `https://mp.weixin.qq.com/s?sn=6a3f1c2b9e8d7f6a5b4c3d2e1f0a9b8c&idx=1&mid=2653452118&__biz=${BIZ}`, WECHAT],
    ['wechat /s/ path with trailing slash', WECHAT.replace('/s?', '/s/?'), WECHAT],
    ['wechat old appmsg form', `http://mp.weixin.qq.com/mp/appmsg/show?__biz=${BIZ}&appmsgid=2653452118&itemidx=1&sign=6a3f1c2b9e8d7f6a5b4c3d2e1f0a9b8c#wechat_redirect`, WECHAT],
    ['wechat short form with tracking', 'https://mp.weixin.qq.com/s/Qx3kC9f2LmN7pT1vW8yZbA?scene=1&clicktime=1695000000', 'http://mp.weixin.qq.com/s/Qx3kC9f2LmN7pT1vW8yZbA'],
    ['weibo www and refer_flag', 'https://www.weibo.com/2656274875/NlYzA8xKq?refer_flag=1001030103_&type=comment#_rnd1695000000000', 'https://weibo.com/2656274875/NlYzA8xKq'],
    ['weibo mobile uid/bid', 'https://m.weibo.cn/2656274875/NlYzA8xKq', 'https://weibo.com/2656274875/NlYzA8xKq'],
    ['weibo mobile status', 'https://m.weibo.cn/status/NlYzA8xKq', 'https://weibo.com/2656274875/NlYzA8xKq'],
    ['weibo numeric mid to bid', 'https://m.weibo.cn/detail/4946591279416897', `https://weibo.com/2656274875/${weiboMidToBid('4946591279416897')}`],
    ['spm parameter dropped', 'https://www.gov.cn/xinwen/2023-09/20/content_6905001.htm?spm=a2c4g.11186623.0.0', 'https://www.gov.cn/xinwen/2023-09/20/content_6905001.htm'],
    ['double slashes in path', 'https://www.gov.cn//zhengce//content/202309/content_6905222.htm', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm'],
    ['no scheme written', 'www.gov.cn/zhengce/content/202309/content_6905222.htm', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm'],
  ];
  it.each(same)('%s', (_name, a, b) => {
    expect(canonicalUrl(a)).not.toBeNull();
    expect(canonicalUrl(a)).toBe(canonicalUrl(b));
    expect(sameArticle(a, b)).toBe(true);
  });
});

describe('canonicalUrl: variants that must not match', () => {
  const different: [string, string, string][] = [
    ['different wechat sn', WECHAT, WECHAT.replace('sn=6a3f', 'sn=7b4e')],
    ['different wechat idx (second article of a push)', WECHAT, WECHAT.replace('idx=1', 'idx=2')],
    ['different wechat mid', WECHAT, WECHAT.replace('mid=2653452118', 'mid=2653452119')],
    ['different wechat biz', WECHAT, WECHAT.replace(encodeURIComponent(BIZ), 'MzI5NjYyNjQ4MA%3D%3D')],
    ['wechat short vs long form (cannot be equated offline)', 'https://mp.weixin.qq.com/s/Qx3kC9f2LmN7pT1vW8yZbA', WECHAT],
    ['different wechat short ids', 'https://mp.weixin.qq.com/s/Qx3kC9f2LmN7pT1vW8yZbA', 'https://mp.weixin.qq.com/s/Qx3kC9f2LmN7pT1vW8yZbB'],
    ['same weibo user, other status', 'https://weibo.com/2656274875/NlYzA8xKq', 'https://weibo.com/2656274875/NlYzA8xKr'],
    ['different gov.cn articles', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm', 'https://www.gov.cn/zhengce/content/202309/content_6905223.htm'],
    ['meaningful query parameter kept', 'https://www.example.gov.cn/art.jsp?id=101', 'https://www.example.gov.cn/art.jsp?id=102'],
    ['path case kept', 'https://www.gov.cn/zhengce/Content_1.htm', 'https://www.gov.cn/zhengce/content_1.htm'],
    ['other host', 'https://www.gov.cn/zhengce/content/202309/content_6905222.htm', 'https://www.shaanxi.gov.cn/zhengce/content/202309/content_6905222.htm'],
    ['non-default port kept', 'https://www.gov.cn:8443/a.htm', 'https://www.gov.cn/a.htm'],
  ];
  it.each(different)('%s', (_name, a, b) => {
    expect(canonicalUrl(a)).not.toBeNull();
    expect(canonicalUrl(a)).not.toBe(canonicalUrl(b));
    expect(sameArticle(a, b)).toBe(false);
  });

  it('refuses what is not an http(s) URL', () => {
    for (const bad of ['', null, undefined, 'javascript:alert(1)', 'ftp://gov.cn/a', 'mailto:a@gov.cn', 'http://']) expect(canonicalUrl(bad as string)).toBeNull();
    expect(sameArticle(null, null)).toBe(false);
  });

  it('converts Weibo mids to bids', () => {
    expect(weiboMidToBid('3501756485200075')).toBe('z0JH2lOMb');
    expect(weiboMidToBid('NlYzA8xKq')).toBe('NlYzA8xKq');
  });
});
