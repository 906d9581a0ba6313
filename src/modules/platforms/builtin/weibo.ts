import type { CanonicalAccount, PlatformDefinition } from '../platform-definition';
import { hostPattern, segments } from '../url-parts';

const RESERVED = new Set(['u', 'p', 'n', 'profile', 'status', 'detail', 'search', 'login', 'signup', 'home', 'hot', 'topic', 'tv', 'ajax', 'api']);
const UID = /^\d{4,20}$/;

const byUid = (uid: string): CanonicalAccount => ({ idKind: 'uid', platformId: uid, homepage: `https://weibo.com/u/${uid}` });

/** 微博: weibo.com and m.weibo.cn pages of one uid are one account; a personalised domain is its own form. */
export const weibo: PlatformDefinition = {
  code: 'weibo',
  name: '微博',
  aliases: ['新浪微博'],
  urlPatterns: [hostPattern('weibo.com', 'weibo.cn')],
  icon: { color: '#E6162D', glyph: '微' },
  idHint: '微博 UID（10 位左右数字，如 1234567890）',
  homepageHint: '如 https://weibo.com/u/1234567890 或 https://m.weibo.cn/u/…',
  canonical(url) {
    const s = segments(url);
    if ((s[0] === 'u' || s[0] === 'profile') && s[1] && UID.test(s[1])) return byUid(s[1]);
    if (s.length >= 1 && UID.test(s[0])) return byUid(s[0]);
    const uid = url.searchParams.get('uid');
    if (uid && UID.test(uid)) return byUid(uid);
    // Personalised domain: weibo.com/fengxiangfabu
    if (s.length === 1 && /^[A-Za-z][A-Za-z0-9_]{1,40}$/.test(s[0]) && !RESERVED.has(s[0].toLowerCase())) {
      const domain = s[0].toLowerCase();
      return { idKind: 'domain', platformId: domain, homepage: `https://weibo.com/${domain}` };
    }
    return undefined;
  },
  idForms: (id) => (/^\d+$/.test(id) ? [{ idKind: 'uid', platformId: id }] : [{ idKind: 'domain', platformId: id.toLowerCase() }]),
  alwaysInReports: true,
};
