import type { PlatformDefinition } from '../platform-definition';

/** 其他: any platform the registry does not know (v1's catch-all); listed last. */
export const other: PlatformDefinition = {
  code: 'other',
  name: '其他',
  aliases: ['其它', '其他平台'],
  urlPatterns: [],
  alwaysInReports: true,
};
