import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import type { Platform } from '../accounts/account.entity';
import type { MatchedBy, RepostStatus } from './matching/match';

/** A repost task (转发任务) from the State Council open-government office. */
@Entity('repost_tasks')
@Index('idx_repost_tasks_issued', ['issuedAt'])
@Index('idx_repost_tasks_due', ['dueAt'])
export class RepostTask extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(500)
  title: string;

  @VarcharColumn(2000, { name: 'source_url' })
  sourceUrl: string;

  @VarcharColumn(200, { name: 'source_name', nullable: true })
  sourceName: string | null;

  @DateTimeColumn({ name: 'issued_at', nullable: false })
  issuedAt: Date;

  @DateTimeColumn({ name: 'due_at', nullable: false })
  dueAt: Date;

  /** Platforms in scope; null = all. Read only by the application (never filtered in SQL). */
  @Column({ type: 'simple-json', nullable: true })
  platforms: Platform[] | null;

  /** Units in scope; null = every active unit. Read only by the application. */
  @Column({ name: 'unit_ids', type: 'simple-json', nullable: true })
  unitIds: number[] | null;

  @Column({ name: 'created_by_id', type: 'int', nullable: true })
  createdById: number | null;

  /** When the stored results were last recomputed. */
  @DateTimeColumn({ name: 'computed_at' })
  computedAt: Date | null;
}

/** One required account's status for one task, as last computed (refreshed per task). */
@Entity('repost_task_results')
@Unique('uq_repost_results_task_account', ['taskId', 'accountId'])
@Index('idx_repost_results_unit', ['unitId'])
@Index('idx_repost_results_account', ['accountId'])
export class RepostTaskResult {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'task_id', type: 'int' })
  taskId: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @VarcharColumn(16)
  status: RepostStatus;

  @VarcharColumn(16, { name: 'matched_by', nullable: true })
  matchedBy: MatchedBy | null;

  @Column({ name: 'post_id', type: 'int', nullable: true })
  postId: number | null;

  @Column({ name: 'confirmation_id', type: 'int', nullable: true })
  confirmationId: number | null;

  @VarcharColumn(2000, { name: 'evidence_url', nullable: true })
  evidenceUrl: string | null;

  @DateTimeColumn({ name: 'posted_at' })
  postedAt: Date | null;

  @DateTimeColumn({ name: 'computed_at', nullable: false })
  computedAt: Date;
}

/** A manual confirmation (for posts no source can see); revoked, never deleted. */
@Entity('repost_confirmations')
@Index('idx_repost_confirmations_task', ['taskId', 'accountId'])
export class RepostConfirmation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'task_id', type: 'int' })
  taskId: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @VarcharColumn(2000, { name: 'evidence_url' })
  evidenceUrl: string;

  @DateTimeColumn({ name: 'posted_at', nullable: false })
  postedAt: Date;

  @VarcharColumn(1000, { nullable: true })
  note: string | null;

  @Column({ name: 'confirmed_by_id', type: 'int', nullable: true })
  confirmedById: number | null;

  @VarcharColumn(64, { name: 'confirmed_by_username', nullable: true })
  confirmedByUsername: string | null;

  @DateTimeColumn({ name: 'confirmed_at', nullable: false })
  confirmedAt: Date;

  @DateTimeColumn({ name: 'revoked_at' })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by_id', type: 'int', nullable: true })
  revokedById: number | null;

  @VarcharColumn(64, { name: 'revoked_by_username', nullable: true })
  revokedByUsername: string | null;

  @VarcharColumn(1000, { name: 'revoke_reason', nullable: true })
  revokeReason: string | null;
}
