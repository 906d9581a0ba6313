import type { PlatformDefinition } from '../platform-definition';
import { bareHost, hostPattern, segments } from '../url-parts';

const UID = /^\d{1,20}$/;

/** 哔哩哔哩: `space.bilibili.com/<uid>`, on the mobile site `m.bilibili.com/space/<uid>`; b23.tv short links name no account until followed. */
export const bilibili: PlatformDefinition = {
  code: 'bilibili',
  name: '哔哩哔哩',
  aliases: ['B站'],
  urlPatterns: [hostPattern('space.bilibili.com', 'bilibili.com', 'b23.tv')],
  icon: { color: '#FB7299', glyph: 'B' },
  idHint: 'B站 UID（数字，如 12345678）',
  homepageHint: '如 https://space.bilibili.com/12345678',
  canonical(url) {
    const s = segments(url);
    const host = bareHost(url);
    const uid = host === 'space.bilibili.com' ? s[0] : host === 'bilibili.com' && s[0] === 'space' ? s[1] : undefined;
    return uid && UID.test(uid) ? { idKind: 'uid', platformId: uid, homepage: `https://space.bilibili.com/${uid}` } : undefined;
  },
  idForms: (id) => [{ idKind: 'uid', platformId: id }],
  alwaysInReports: true,
};
