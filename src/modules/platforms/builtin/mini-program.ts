import type { PlatformDefinition } from '../platform-definition';

/** 小程序: identified by its AppID (wx…); it has no homepage URL. */
export const miniProgram: PlatformDefinition = {
  code: 'mini_program',
  name: '小程序',
  aliases: ['微信小程序'],
  urlPatterns: [],
  icon: { color: '#6467F0', glyph: '小' },
  idHint: '小程序 AppID（wx 开头的 18 位字符）',
  homepageHint: '小程序没有主页链接，可不填',
};
