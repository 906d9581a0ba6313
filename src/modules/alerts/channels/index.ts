/**
 * The built-in alert-channel kinds (告警通道), in the order lists show them. Adding a kind is
 * one file beside this one and one line here (docs/architecture.md, 告警通道注册表).
 */
import type { AlertChannelKind } from './alert-channel-kind';
import { dingtalk } from './dingtalk';
import { email } from './email';
import { feishu } from './feishu';
import { webhook } from './webhook';
import { wecom } from './wecom';

export const BUILT_IN_CHANNEL_KINDS: readonly AlertChannelKind[] = [webhook, wecom, dingtalk, feishu, email];
