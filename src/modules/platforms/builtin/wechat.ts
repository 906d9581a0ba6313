import type { PlatformDefinition } from '../platform-definition';
import { cleanId, hostPattern } from '../url-parts';

/** WeChat __biz is base64; links differ in whether the "==" padding is kept. */
export function normaliseBiz(biz: string): string {
  return biz.trim().replace(/=+$/, '');
}

/** The account's page, with the base64 padding put back. */
function homepage(biz: string): string {
  const padded = biz + '='.repeat((4 - (biz.length % 4)) % 4);
  return `https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=${encodeURIComponent(padded).replace(/%3D/g, '=')}`;
}

/** 微信公众号: the `__biz` parameter of the profile page and of every article names the account. */
export const wechat: PlatformDefinition = {
  code: 'wechat',
  name: '微信公众号',
  aliases: ['微信', '公众号', '微信公众平台'],
  urlPatterns: [hostPattern('mp.weixin.qq.com')],
  icon: { color: '#07C160', glyph: '公' },
  idHint: '原始ID（如 gh_1a2b3c4d5e6f）或主页链接中的 __biz',
  homepageHint: '公众号主页或任一文章链接，如 https://mp.weixin.qq.com/s?__biz=…',
  canonical(url) {
    const biz = cleanId(url.searchParams.get('__biz'));
    if (!biz) return undefined;
    const platformId = normaliseBiz(biz);
    return { idKind: 'biz', platformId, homepage: homepage(platformId) };
  },
  // An original id (gh_…) is in no URL: it is compared with the account's platform ID instead.
  idForms: (id) => (/^gh_/i.test(id) ? [] : [{ idKind: 'biz', platformId: normaliseBiz(id) }]),
  alwaysInReports: true,
};
