import type { PlatformDefinition } from '../platform-definition';

/** 小程序: identified by its AppID (wx…); it has no homepage URL. */
export const miniProgram: PlatformDefinition = {
  code: 'mini_program',
  name: '小程序',
  aliases: ['微信小程序'],
  urlPatterns: [],
};
