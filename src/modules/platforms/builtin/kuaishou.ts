import type { PlatformDefinition } from '../platform-definition';
import { cleanId, hostPattern, segments } from '../url-parts';

/** 快手: `kuaishou.com/profile/<id>` (also on live.kuaishou.com, and `/u/<id>`); v.kuaishou.com short links name no account until followed. */
export const kuaishou: PlatformDefinition = {
  code: 'kuaishou',
  name: '快手',
  aliases: ['快手号'],
  urlPatterns: [hostPattern('kuaishou.com', 'live.kuaishou.com', 'v.kuaishou.com')],
  icon: { color: '#FF4906', glyph: '快' },
  idHint: '快手号或用户ID（主页链接 /profile/ 后的字符）',
  homepageHint: '如 https://www.kuaishou.com/profile/3x…',
  canonical(url) {
    const s = segments(url);
    if ((s[0] !== 'profile' && s[0] !== 'u') || !cleanId(s[1])) return undefined;
    return { idKind: 'user', platformId: s[1], homepage: `https://www.kuaishou.com/profile/${s[1]}` };
  },
  idForms: (id) => [{ idKind: 'user', platformId: id }],
  alwaysInReports: true,
};
