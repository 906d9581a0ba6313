/**
 * The built-in platforms, in the order lists and selects show them. Adding a platform is one
 * file beside this one and one line here.
 */
import type { PlatformDefinition } from '../platform-definition';
import { bilibili } from './bilibili';
import { douyin } from './douyin';
import { kuaishou } from './kuaishou';
import { miniProgram } from './mini-program';
import { other } from './other';
import { toutiao } from './toutiao';
import { wechat } from './wechat';
import { wechatChannels } from './wechat-channels';
import { weibo } from './weibo';
import { xiaohongshu } from './xiaohongshu';

export const BUILT_IN_PLATFORMS: readonly PlatformDefinition[] = [wechat, weibo, toutiao, douyin, wechatChannels, xiaohongshu, kuaishou, bilibili, miniProgram, other];
