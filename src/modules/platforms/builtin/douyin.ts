import type { CanonicalAccount, PlatformDefinition } from '../platform-definition';
import { bareHost, cleanId, hostPattern, segments } from '../url-parts';

const byUser = (id: string): CanonicalAccount => ({ idKind: 'user', platformId: id, homepage: `https://www.douyin.com/user/${id}` });

/** 抖音: `douyin.com/user/<sec_uid>` and the share page `iesdouyin.com/share/user/…`; v.douyin.com short links name no account until followed. */
export const douyin: PlatformDefinition = {
  code: 'douyin',
  name: '抖音',
  aliases: ['抖音号'],
  urlPatterns: [hostPattern('douyin.com', 'iesdouyin.com', 'v.douyin.com')],
  icon: { color: '#161823', glyph: '抖' },
  idHint: '抖音号或 sec_uid（主页链接 /user/ 后的一串字符）',
  homepageHint: '如 https://www.douyin.com/user/MS4wLjABAAAA…',
  canonical(url) {
    const s = segments(url);
    // The share page carries the sec_uid as a parameter when its path holds the numeric uid.
    const secUid = cleanId(url.searchParams.get('sec_uid'));
    if (bareHost(url) === 'iesdouyin.com' && s[0] === 'share' && s[1] === 'user') {
      if (secUid) return byUser(secUid);
      return cleanId(s[2]) ? byUser(s[2]) : undefined;
    }
    if (s[0] === 'user' && cleanId(s[1])) return byUser(s[1]);
    return secUid ? byUser(secUid) : undefined;
  },
  idForms: (id) => [{ idKind: 'user', platformId: id }],
  alwaysInReports: true,
};
