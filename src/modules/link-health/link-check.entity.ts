import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, VarcharColumn } from '../../common/columns';
import type { LinkHealth } from './engine/types';

export const RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One sweep (scheduled or on demand) over a set of columns, with its progress. */
@Entity('link_check_runs')
@Index('idx_link_check_runs_status', ['status'])
export class LinkCheckRun {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(16)
  status: RunStatus;

  @VarcharColumn(16)
  trigger: 'manual' | 'schedule';

  @Column({ name: 'unit_id', type: 'int', nullable: true })
  unitId: number | null;

  @Column({ name: 'column_ids', type: 'simple-json', nullable: true })
  columnIds: number[] | null;

  @Column({ name: 'requested_by', type: 'int', nullable: true })
  requestedBy: number | null;

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'int' })
  done: number;

  @Column({ type: 'int' })
  ok: number;

  @Column({ type: 'int' })
  broken: number;

  @Column({ type: 'int' })
  unverifiable: number;

  @VarcharColumn(1000, { nullable: true })
  error: string | null;

  @DateTimeColumn({ name: 'created_at', nullable: false })
  createdAt: Date;

  @DateTimeColumn({ name: 'started_at' })
  startedAt: Date | null;

  @DateTimeColumn({ name: 'finished_at' })
  finishedAt: Date | null;
}

/** The result of checking one column once (history kept up to LINK_CHECK_RETENTION per column). */
@Entity('link_checks')
@Index('idx_link_checks_column', ['columnId', 'id'])
@Index('idx_link_checks_run', ['runId'])
export class LinkCheck {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'column_id', type: 'int' })
  columnId: number;

  @Column({ name: 'run_id', type: 'int', nullable: true })
  runId: number | null;

  @VarcharColumn(16)
  health: Exclude<LinkHealth, 'unknown'>;

  @VarcharColumn(40)
  reason: string;

  @Column({ name: 'http_status', type: 'int', nullable: true })
  httpStatus: number | null;

  @VarcharColumn(2000, { name: 'final_url', nullable: true })
  finalUrl: string | null;

  @Column({ type: 'int' })
  redirects: number;

  @Column({ type: 'int' })
  requests: number;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  /** This was the re-check that confirmed (or refuted) a fresh failure. */
  @Column({ type: 'boolean' })
  confirmation: boolean;

  @VarcharColumn(500, { nullable: true })
  detail: string | null;

  @DateTimeColumn({ name: 'checked_at', nullable: false })
  checkedAt: Date;
}
