import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';

export const ALERT_KINDS = [
  'link_broken',
  'poll_failing',
  'account_inactive',
  'repost_due',
  'finding',
  'source_config',
  'recertify_due',
  'rectification_due',
  'rectification_overdue',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATUSES = ['open', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** One alert per subject while its condition lasts (api.md, Alerts). */
@Entity('alerts')
@Index('idx_alerts_status_kind', ['status', 'kind'])
@Index('idx_alerts_unit', ['unitId'])
export class Alert {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(32)
  kind: AlertKind;

  @VarcharColumn(16)
  status: AlertStatus;

  @VarcharColumn(32, { name: 'subject_type' })
  subjectType: string;

  @VarcharColumn(64, { name: 'subject_id' })
  subjectId: string;

  @Column({ name: 'unit_id', type: 'int', nullable: true })
  unitId: number | null;

  @VarcharColumn(1000)
  message: string;

  /** `kind:subjectType:subjectId` while open, NULL once resolved: a single-column unique key
   * that lets the database itself refuse a second open alert for the same subject. */
  @VarcharColumn(140, { name: 'open_key', nullable: true, unique: true, select: false })
  openKey: string | null;

  @Column({ type: 'simple-json', nullable: true })
  details: Record<string, unknown> | null;

  @DateTimeColumn({ name: 'opened_at', nullable: false })
  openedAt: Date;

  @DateTimeColumn({ name: 'resolved_at' })
  resolvedAt: Date | null;

  @DateTimeColumn({ name: 'last_notified_at' })
  lastNotifiedAt: Date | null;
}
