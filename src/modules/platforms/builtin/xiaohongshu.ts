import type { PlatformDefinition } from '../platform-definition';
import { bareHost, hostPattern, segments } from '../url-parts';

const USER = /^[A-Za-z0-9]{6,40}$/;

/** 小红书: `xiaohongshu.com/user/profile/<id>`; xhslink.com share links name no account until followed. */
export const xiaohongshu: PlatformDefinition = {
  code: 'xiaohongshu',
  name: '小红书',
  aliases: ['小红书号', '红书'],
  urlPatterns: [hostPattern('xiaohongshu.com', 'xhslink.com')],
  icon: { color: '#FF2442', glyph: '红' },
  idHint: '小红书号或用户ID（主页链接 /user/profile/ 后的 24 位字符）',
  homepageHint: '如 https://www.xiaohongshu.com/user/profile/5f…',
  canonical(url) {
    const s = segments(url);
    const id = bareHost(url) === 'xiaohongshu.com' && s[0] === 'user' && s[1] === 'profile' ? s[2] : undefined;
    return id && USER.test(id) ? { idKind: 'user', platformId: id, homepage: `https://www.xiaohongshu.com/user/profile/${id}` } : undefined;
  },
  idForms: (id) => [{ idKind: 'user', platformId: id }],
};
