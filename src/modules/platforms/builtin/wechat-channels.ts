import type { PlatformDefinition } from '../platform-definition';
import { hostPattern } from '../url-parts';

/**
 * 视频号: no public page per account; an account is identified by its 视频号 ID alone. Its
 * links (channels.weixin.qq.com, weixin.qq.com/sph/… share links) name no account.
 */
export const wechatChannels: PlatformDefinition = {
  code: 'wechat_channels',
  name: '视频号',
  aliases: ['微信视频号'],
  urlPatterns: [hostPattern('channels.weixin.qq.com'), /^(?:www\.)?weixin\.qq\.com\/sph\//i],
  icon: { color: '#FA9D3B', glyph: '视' },
  idHint: '视频号ID（sph 开头，如 sphABCdef123）',
  homepageHint: '视频号主页链接（可不填）',
};
