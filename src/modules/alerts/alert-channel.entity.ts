import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import type { AlertKind } from './alert.entity';

export const CHANNEL_KINDS = ['webhook', 'wecom', 'dingtalk', 'feishu', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Where alerts are delivered. `secret` is stored encrypted when APP_SECRET_KEY is set and never returned. */
@Entity('alert_channels')
export class AlertChannel extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(100)
  name: string;

  @VarcharColumn(16)
  kind: ChannelKind;

  /** URL for webhook/robots; comma-separated addresses for e-mail. */
  @VarcharColumn(2000)
  target: string;

  @VarcharColumn(2000, { nullable: true, select: false })
  secret: string | null;

  /** Alert kinds this channel receives; null = all. */
  @Column({ type: 'simple-json', nullable: true })
  kinds: AlertKind[] | null;

  @Column({ type: 'boolean' })
  enabled: boolean;
}

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One message to one channel, with its attempts: failures stay visible. */
@Entity('alert_deliveries')
@Index('idx_alert_deliveries_channel', ['channelId', 'id'])
@Index('idx_alert_deliveries_alert', ['alertId'])
export class AlertDelivery {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'channel_id', type: 'int' })
  channelId: number;

  @Column({ name: 'alert_id', type: 'int', nullable: true })
  alertId: number | null;

  /** alert.opened | alert.resolved | alert.reminder | test */
  @VarcharColumn(32)
  event: string;

  @VarcharColumn(16)
  status: DeliveryStatus;

  @Column({ type: 'int' })
  attempts: number;

  @VarcharColumn(1000, { name: 'last_error', nullable: true })
  lastError: string | null;

  @DateTimeColumn({ name: 'created_at', nullable: false })
  createdAt: Date;

  @DateTimeColumn({ name: 'sent_at' })
  sentAt: Date | null;
}
