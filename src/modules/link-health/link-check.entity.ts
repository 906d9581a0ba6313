import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
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

export const ITEM_STATUSES = ['waiting', 'suspect', 'ok', 'broken', 'unverifiable'] as const;
export type LinkCheckItemStatus = (typeof ITEM_STATUSES)[number];

/**
 * One column of a run, in one batch job of that run ([scale]). `waiting` until its result is
 * applied; `suspect` while a first check that found it newly broken awaits the confirming
 * re-check; then its health. Whichever process runs the batch credits it once (the UPDATE only
 * moves rows out of `waiting`/`suspect`), and the run counters are recomputed from these rows,
 * so a batch retried after a killed worker never counts a column twice.
 */
@Entity('link_check_items')
@Index('idx_link_check_items_batch', ['runId', 'batch', 'status'])
export class LinkCheckItem {
  @PrimaryColumn({ name: 'run_id', type: 'int' })
  runId: number;

  @PrimaryColumn({ name: 'column_id', type: 'int' })
  columnId: number;

  @Column({ type: 'int' })
  batch: number;

  @VarcharColumn(16)
  status: LinkCheckItemStatus;
}
