import type { PlatformDefinition } from '../platform-definition';

/** 其他: any platform the registry does not know (v1's catch-all); listed last. */
export const other: PlatformDefinition = {
  code: 'other',
  name: '其他',
  aliases: ['其它', '其他平台'],
  urlPatterns: [],
  icon: { color: '#8C8C8C', glyph: '他' },
  idHint: '账号在该平台上的ID',
  homepageHint: '账号主页链接',
  alwaysInReports: true,
};
