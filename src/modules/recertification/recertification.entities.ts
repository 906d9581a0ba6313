import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';

/** One confirmation (定期核查) of an account's facts: who, when, and what it corrected. */
@Entity('account_certifications')
@Index('idx_account_certifications_account', ['accountId', 'certifiedAt'])
export class AccountCertification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @DateTimeColumn({ name: 'certified_at', nullable: false })
  certifiedAt: Date;

  @Column({ name: 'certified_by_id', type: 'int', nullable: true })
  certifiedById: number | null;

  @VarcharColumn(64, { name: 'certified_by', nullable: true })
  certifiedBy: string | null;

  /** The due date this confirmation answered. */
  @DateTimeColumn({ name: 'due_at' })
  dueAt: Date | null;

  /** `{account: {field: {from, to}}, columns: {created, updated, deleted}}`; null when nothing changed. */
  @Column({ type: 'simple-json', nullable: true })
  changes: Record<string, unknown> | null;
}

export const CONTACT_SOURCES = ['initial', 'update', 'recertify'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

/**
 * Operator contact history: one row per period in which an account named one operator
 * (name, phone, linked user). The open row has `validTo` null.
 */
@Entity('account_contacts')
@Index('idx_account_contacts_account', ['accountId', 'validFrom'])
export class AccountContact {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @VarcharColumn(50, { name: 'operator_name', nullable: true })
  operatorName: string | null;

  @VarcharColumn(30, { name: 'operator_phone', nullable: true })
  operatorPhone: string | null;

  @Column({ name: 'operator_user_id', type: 'int', nullable: true })
  operatorUserId: number | null;

  @DateTimeColumn({ name: 'valid_from', nullable: false })
  validFrom: Date;

  @DateTimeColumn({ name: 'valid_to' })
  validTo: Date | null;

  /** How the row came to be: `initial` (what the account carried before its first recorded change), `update`, `recertify`. */
  @VarcharColumn(16)
  source: ContactSource;

  @DateTimeColumn({ name: 'recorded_at', nullable: false })
  recordedAt: Date;

  @Column({ name: 'recorded_by_id', type: 'int', nullable: true })
  recordedById: number | null;

  @VarcharColumn(64, { name: 'recorded_by', nullable: true })
  recordedBy: string | null;
}

export const HANDOVER_REASONS = ['user_disabled', 'user_moved'] as const;
export type HandoverReason = (typeof HANDOVER_REASONS)[number];

/**
 * 交接: an account whose named operator was disabled or moved to another unit; open
 * (`clearedAt` null) until a new operator is recorded. One open flag per (account, user)
 * through the single-column unique `openKey`.
 */
@Entity('handover_flags')
@Index('idx_handover_flags_account', ['accountId', 'clearedAt'])
@Index('idx_handover_flags_unit', ['unitId'])
export class HandoverFlag {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  /** The user's display name (or username) at the time. */
  @VarcharColumn(64, { name: 'user_name' })
  userName: string;

  @VarcharColumn(32)
  reason: HandoverReason;

  @VarcharColumn(500, { nullable: true })
  detail: string | null;

  @DateTimeColumn({ name: 'flagged_at', nullable: false })
  flaggedAt: Date;

  @DateTimeColumn({ name: 'cleared_at' })
  clearedAt: Date | null;

  @Column({ name: 'cleared_by_id', type: 'int', nullable: true })
  clearedById: number | null;

  @VarcharColumn(64, { name: 'cleared_by', nullable: true })
  clearedBy: string | null;

  @VarcharColumn(64, { name: 'open_key', nullable: true, unique: true, select: false })
  openKey: string | null;
}
