/**
 * The built-in source kinds (采集方式), in the order lists show them. Adding a kind is one file
 * beside this one and one line here (docs/architecture.md, 采集方式注册表).
 */
import type { SourceKindDefinition } from '../source-kind';
import { feed } from './feed';
import { manual } from './manual';
import { wechatApi } from './wechat-api';
import { weiboApi } from './weibo-api';

export const BUILT_IN_SOURCE_KINDS: readonly SourceKindDefinition[] = [feed, wechatApi, weiboApi, manual];
