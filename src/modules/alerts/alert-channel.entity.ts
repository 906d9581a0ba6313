import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import type { AlertKind } from './alert.entity';

/** A kind of the alert-channel registry (channels/channel-registry.ts). */
export type ChannelKind = string;

/**
 * Where alerts are delivered. `secret` and, for HTTP channels, the full target URL (robot
 * addresses carry their keys) are stored encrypted (AES-256-GCM) and never returned; `target`
 * keeps a masked copy for display (channels/target-mask.ts `maskChannelTarget`).
 */
@Entity('alert_channels')
export class AlertChannel extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(100)
  name: string;

  @VarcharColumn(16)
  kind: ChannelKind;

  /** Masked URL for webhook/robots (the real one is `targetEnc`); comma-separated addresses for e-mail (a kind whose target is no credential). */
  @VarcharColumn(2000)
  target: string;

  /** The full webhook/robot URL, encrypted; null for kinds whose target is no credential (e-mail). */
  @Column({ name: 'target_enc', type: 'text', nullable: true, select: false })
  targetEnc: string | null;

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
