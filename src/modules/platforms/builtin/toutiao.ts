import type { CanonicalAccount, PlatformDefinition } from '../platform-definition';
import { cleanId, hostPattern, segments } from '../url-parts';

const USER = /^\d{4,24}$/;
const byToken = (token: string): CanonicalAccount => ({ idKind: 'token', platformId: token, homepage: `https://www.toutiao.com/c/user/token/${token}/` });
const byUser = (id: string): CanonicalAccount => ({ idKind: 'user', platformId: id, homepage: `https://www.toutiao.com/c/user/${id}/` });

/** 今日头条: `/c/user/token/<token>/` and `/c/user/<numeric id>/`, and the mobile `/profile/…` forms. */
export const toutiao: PlatformDefinition = {
  code: 'toutiao',
  name: '今日头条',
  aliases: ['头条', '头条号'],
  urlPatterns: [hostPattern('toutiao.com')],
  icon: { color: '#F04142', glyph: '头' },
  idHint: '头条号用户ID（数字）或 token',
  homepageHint: '如 https://www.toutiao.com/c/user/token/…/',
  canonical(url) {
    const s = segments(url);
    if (s[0] === 'c' && s[1] === 'user') {
      if (s[2] === 'token' && cleanId(s[3])) return byToken(s[3]);
      if (s[2] && USER.test(s[2])) return byUser(s[2]);
    }
    // m.toutiao.com/profile/<id>/ , /profile_v2/..., /user/<id>/
    if ((s[0] === 'profile' || s[0] === 'profile_v2' || s[0] === 'user') && s[1]) {
      if (s[1] === 'token' && cleanId(s[2])) return byToken(s[2]);
      if (USER.test(s[1])) return byUser(s[1]);
      if (cleanId(s[1])) return byToken(s[1]);
    }
    const token = cleanId(url.searchParams.get('token'));
    return token ? byToken(token) : undefined;
  },
  idForms: (id) =>
    /^\d+$/.test(id)
      ? [
          { idKind: 'user', platformId: id },
          { idKind: 'token', platformId: id },
        ]
      : [{ idKind: 'token', platformId: id }],
  alwaysInReports: true,
};
