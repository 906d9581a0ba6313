import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import type { RectificationAction, RectificationStatus } from './rectification-state-machine';

export const RECTIFICATION_SOURCES = ['manual', 'finding', 'inspection', 'provincial'] as const;
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];

/** A rectification work order (整改通知). `status` changes only through rectification-state-machine.ts; `overdue` is never stored. */
@Entity('rectifications')
@Index('idx_rectifications_unit_status', ['unitId', 'status'])
@Index('idx_rectifications_status_due', ['status', 'dueAt'])
@Index('idx_rectifications_issued', ['issuedAt'])
export class Rectification extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @Column({ name: 'account_id', type: 'int', nullable: true })
  accountId: number | null;

  @VarcharColumn(200)
  title: string;

  @VarcharColumn(2000)
  problem: string;

  @VarcharColumn(16)
  source: RectificationSource;

  /** What the order came from, as a person reads it (a finding, a round, a sheet row). */
  @VarcharColumn(200, { name: 'source_ref', nullable: true })
  sourceRef: string | null;

  /** `finding:<id>` or `inspection:<round>:<account>`: the database refuses a second order from the same origin. */
  @VarcharColumn(120, { name: 'source_key', nullable: true, unique: true })
  sourceKey: string | null;

  @VarcharColumn(16)
  status: RectificationStatus;

  @DateTimeColumn({ name: 'issued_at', nullable: false })
  issuedAt: Date;

  @DateTimeColumn({ name: 'due_at', nullable: false })
  dueAt: Date;

  /** When the problem was found (发现时间 of the provincial list), if known. */
  @DateTimeColumn({ name: 'found_at' })
  foundAt: Date | null;

  @Column({ name: 'issued_by_id', type: 'int', nullable: true })
  issuedById: number | null;

  @DateTimeColumn({ name: 'responded_at' })
  respondedAt: Date | null;

  @Column({ name: 'responded_by_id', type: 'int', nullable: true })
  respondedById: number | null;

  @VarcharColumn(2000, { name: 'response_text', nullable: true })
  responseText: string | null;

  @Column({ name: 'evidence_urls', type: 'simple-json', nullable: true })
  evidenceUrls: string[] | null;

  @DateTimeColumn({ name: 'verified_at' })
  verifiedAt: Date | null;

  @Column({ name: 'verified_by_id', type: 'int', nullable: true })
  verifiedById: number | null;

  @VarcharColumn(1000, { name: 'verify_note', nullable: true })
  verifyNote: string | null;

  @DateTimeColumn({ name: 'closed_at' })
  closedAt: Date | null;
}

/** One step of an order's history (下发, 反馈, 核验通过, 退回), written in the step's transaction. */
@Entity('rectification_events')
@Index('idx_rectification_events_order', ['rectificationId'])
export class RectificationEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'rectification_id', type: 'int' })
  rectificationId: number;

  @DateTimeColumn({ nullable: false })
  at: Date;

  @Column({ name: 'actor_id', type: 'int', nullable: true })
  actorId: number | null;

  @VarcharColumn(64, { nullable: true })
  actor: string | null;

  @VarcharColumn(16)
  action: RectificationAction;

  @VarcharColumn(16, { name: 'from_status', nullable: true })
  fromStatus: RectificationStatus | null;

  @VarcharColumn(16, { name: 'to_status' })
  toStatus: RectificationStatus;

  @VarcharColumn(2000, { nullable: true })
  note: string | null;

  @Column({ name: 'evidence_urls', type: 'simple-json', nullable: true })
  evidenceUrls: string[] | null;
}
