import { platformRegistry } from '../platform-registry';
import { parseHttpUrl } from '../url-parts';
import { BUILT_IN_PLATFORMS } from '.';

const ofUrl = (raw: string) => platformRegistry.ofUrl(parseHttpUrl(raw));

/** [URL as pasted, platform, canonical account (undefined: a URL of the platform that names none)] */
type Case = [string, string, { idKind: string; platformId: string; homepage: string } | undefined];

const WECHAT_HOME = 'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA1MjM0NTY3OA==';
const wechat = { idKind: 'biz', platformId: 'MzA1MjM0NTY3OA', homepage: WECHAT_HOME };
const weiboUid = { idKind: 'uid', platformId: '1234567890', homepage: 'https://weibo.com/u/1234567890' };
const toutiaoToken = { idKind: 'token', platformId: 'MS4wLjABAAAAabc-DEF_123', homepage: 'https://www.toutiao.com/c/user/token/MS4wLjABAAAAabc-DEF_123/' };
const douyin = { idKind: 'user', platformId: 'MS4wLjABAAAAxyz_987-Q', homepage: 'https://www.douyin.com/user/MS4wLjABAAAAxyz_987-Q' };
const kuaishou = { idKind: 'user', platformId: '3xk8mqdz5tjq2ay', homepage: 'https://www.kuaishou.com/profile/3xk8mqdz5tjq2ay' };
const bilibili = { idKind: 'uid', platformId: '401742377', homepage: 'https://space.bilibili.com/401742377' };
const xiaohongshu = { idKind: 'user', platformId: '5ff0e6410000000001008400', homepage: 'https://www.xiaohongshu.com/user/profile/5ff0e6410000000001008400' };

const CASES: Case[] = [
  // 微信公众号: the profile page and every article carry __biz, with or without its padding.
  ['https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA1MjM0NTY3OA==&scene=124#wechat_redirect', 'wechat', wechat],
  ['http://mp.weixin.qq.com/mp/profile_ext?__biz=MzA1MjM0NTY3OA%3D%3D&action=home', 'wechat', wechat],
  ['mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA1MjM0NTY3OA', 'wechat', wechat],
  ['https://mp.weixin.qq.com/s?__biz=MzA1MjM0NTY3OA==&mid=2650000001&idx=1&sn=0a1b2c3d&chksm=84a2&scene=21#wechat_redirect', 'wechat', wechat],
  ['https://mp.weixin.qq.com/s/Xy3kQ9pLmN0aBcDeFgHiJk', 'wechat', undefined],
  // 微博: desktop, mobile, trailing slash, tracking parameters, a post of the account.
  ['https://weibo.com/u/1234567890', 'weibo', weiboUid],
  ['http://www.weibo.com/u/1234567890/', 'weibo', weiboUid],
  ['https://weibo.com/1234567890?refer_flag=1001030103_&is_all=1', 'weibo', weiboUid],
  ['https://m.weibo.cn/u/1234567890?uid=1234567890&luicode=10000011&lfid=100103type', 'weibo', weiboUid],
  ['https://m.weibo.cn/profile/1234567890', 'weibo', weiboUid],
  ['https://weibo.com/1234567890/NbXyZ1a2b', 'weibo', weiboUid],
  ['https://weibo.com/FengXiangFabu', 'weibo', { idKind: 'domain', platformId: 'fengxiangfabu', homepage: 'https://weibo.com/fengxiangfabu' }],
  ['https://weibo.com/search?q=凤翔', 'weibo', undefined],
  // 今日头条
  ['https://www.toutiao.com/c/user/token/MS4wLjABAAAAabc-DEF_123/?source=profile&wid=1700000000000', 'toutiao', toutiaoToken],
  ['https://m.toutiao.com/profile/MS4wLjABAAAAabc-DEF_123/', 'toutiao', toutiaoToken],
  ['https://www.toutiao.com/c/user/98765432101/', 'toutiao', { idKind: 'user', platformId: '98765432101', homepage: 'https://www.toutiao.com/c/user/98765432101/' }],
  // 抖音: the user page and the share page (sec_uid as a parameter when the path holds the numeric uid).
  ['https://www.douyin.com/user/MS4wLjABAAAAxyz_987-Q?from_tab_name=main&vid=7301234567890123456', 'douyin', douyin],
  ['https://www.iesdouyin.com/share/user/MS4wLjABAAAAxyz_987-Q/?u_code=abc&did=1', 'douyin', douyin],
  ['https://www.iesdouyin.com/share/user/102030405?sec_uid=MS4wLjABAAAAxyz_987-Q&did=1', 'douyin', douyin],
  ['https://v.douyin.com/iRNBho6u/', 'douyin', undefined],
  // 快手
  ['https://www.kuaishou.com/profile/3xk8mqdz5tjq2ay', 'kuaishou', kuaishou],
  ['https://live.kuaishou.com/profile/3xk8mqdz5tjq2ay?fid=0&cc=share_copylink', 'kuaishou', kuaishou],
  ['https://v.kuaishou.com/Jw3ahx', 'kuaishou', undefined],
  // 哔哩哔哩: the space page on desktop and mobile; a video names no account.
  ['https://space.bilibili.com/401742377/', 'bilibili', bilibili],
  ['https://space.bilibili.com/401742377/video?tid=0&spm_id_from=333.337', 'bilibili', bilibili],
  ['https://m.bilibili.com/space/401742377?spm_id_from=333.999', 'bilibili', bilibili],
  ['https://www.bilibili.com/video/BV1GJ411x7h7', 'bilibili', undefined],
  // 小红书: the profile page with its share parameters; xhslink short links name none.
  ['https://www.xiaohongshu.com/user/profile/5ff0e6410000000001008400?xsec_token=ABtoken123&xsec_source=pc_search', 'xiaohongshu', xiaohongshu],
  ['xiaohongshu.com/user/profile/5ff0e6410000000001008400/', 'xiaohongshu', xiaohongshu],
  ['http://xhslink.com/a/Ab1CdE2fGh3', 'xiaohongshu', undefined],
  // 视频号: no public page per account, only its ID.
  ['https://channels.weixin.qq.com/platform/post/list', 'wechat_channels', undefined],
  ['https://weixin.qq.com/sph/AkHq9xYz', 'wechat_channels', undefined],
];

describe('built-in platforms: canonical account URLs', () => {
  it.each(CASES)('%s → %s', (url, code, account) => {
    expect(ofUrl(url)).toEqual({ code, account });
  });

  it.each(CASES.filter(([, , account]) => account !== undefined))('the canonical homepage of %s is canonical itself', (url, code, account) => {
    expect(ofUrl(account!.homepage)).toEqual({ code, account });
  });

  it('keeps identifiers case-sensitive but hosts case-insensitive', () => {
    expect(ofUrl('https://WWW.DOUYIN.COM/user/AbC')?.account?.platformId).toBe('AbC');
    expect(ofUrl('WEIBO.COM/u/1234567890')?.account).toEqual(weiboUid);
  });

  it('leaves URLs of no platform, and of look-alike hosts, to the generic comparison', () => {
    for (const url of [
      'https://www.example.gov.cn/xwzx/',
      'https://weibo.com.example.cn/u/1234567890',
      'https://notweibo.com/u/1234567890',
      'https://passport.weibo.com/visitor',
    ]) {
      expect(ofUrl(url)).toBeUndefined();
    }
  });

  it('gives mini programs and 其他 no URL forms, and every platform feed and manual sources', () => {
    expect(BUILT_IN_PLATFORMS.find((p) => p.code === 'mini_program')?.urlPatterns).toEqual([]);
    expect(BUILT_IN_PLATFORMS.find((p) => p.code === 'other')?.urlPatterns).toEqual([]);
    const kindsOf = (code: string) => platformRegistry.listEntries().find((e) => e.code === code)!.sourceKinds;
    for (const p of BUILT_IN_PLATFORMS) expect(kindsOf(p.code)).toEqual(expect.arrayContaining(['feed', 'manual']));
    expect(BUILT_IN_PLATFORMS.filter((p) => kindsOf(p.code).includes('wechat_api')).map((p) => p.code)).toEqual(['wechat']);
    expect(BUILT_IN_PLATFORMS.filter((p) => kindsOf(p.code).includes('weibo_api')).map((p) => p.code)).toEqual(['weibo']);
  });

  it('reads identifiers typed on their own as a URL would hold them', () => {
    expect(platformRegistry.idForms('wechat', 'MzA1MjM0NTY3OA==')).toEqual([{ idKind: 'biz', platformId: 'MzA1MjM0NTY3OA' }]);
    expect(platformRegistry.idForms('wechat', 'gh_3a4b5c6d7e8f')).toEqual([]);
    expect(platformRegistry.idForms('weibo', ' 1234567890 ')).toEqual([{ idKind: 'uid', platformId: '1234567890' }]);
    expect(platformRegistry.idForms('weibo', 'FengXiang')).toEqual([{ idKind: 'domain', platformId: 'fengxiang' }]);
    expect(platformRegistry.idForms('toutiao', '98765432101')).toEqual([
      { idKind: 'user', platformId: '98765432101' },
      { idKind: 'token', platformId: '98765432101' },
    ]);
    expect(platformRegistry.idForms('xiaohongshu', '5ff0e6410000000001008400')).toEqual([{ idKind: 'user', platformId: '5ff0e6410000000001008400' }]);
    expect(platformRegistry.idForms('wechat_channels', 'sphAbC123')).toEqual([]);
    expect(platformRegistry.idForms('no_such_platform', '1')).toEqual([]);
  });
});
