import { ApiProperty } from '@nestjs/swagger';
import { AlertChannel, AlertDelivery, ChannelKind, DELIVERY_STATUSES, DeliveryStatus } from './alert-channel.entity';
import { ALERT_KINDS, AlertKind } from './alert.entity';
import { channelRegistry } from './channels/channel-registry';
import type { DeliveryEvent } from './channels/senders';

const DELIVERY_EVENTS = Object.keys({ 'alert.opened': 1, 'alert.resolved': 1, 'alert.reminder': 1, test: 1 } satisfies Record<DeliveryEvent, 1>);

/** An alert channel as the API shows it: the secret and the full target never leave the server. */
export class AlertChannelView implements Omit<Pick<AlertChannel, keyof AlertChannel>, 'secret' | 'targetEnc'> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ enum: channelRegistry.kinds() })
  kind: ChannelKind;

  @ApiProperty({ type: String, description: '网址已打码；邮件通道为逗号分隔的地址 / masked URL, or comma-separated e-mail addresses' })
  target: string;

  @ApiProperty({ enum: ALERT_KINDS, isArray: true, nullable: true, description: '接收的告警类型；null 为全部 / alert kinds received, null = all' })
  kinds: AlertKind[] | null;

  @ApiProperty({ type: Boolean })
  enabled: boolean;

  @ApiProperty({ type: Boolean, description: '是否设置了签名密钥 / whether a secret is stored' })
  secretSet: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

/** One message to one channel, with its attempts (deliveries list, test send). */
export class AlertDeliveryView implements Pick<AlertDelivery, keyof AlertDelivery> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  channelId: number;

  @ApiProperty({ type: 'integer', nullable: true, description: '测试消息为 null / null for a test message' })
  alertId: number | null;

  @ApiProperty({ enum: DELIVERY_EVENTS })
  event: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: Date | null;
}
