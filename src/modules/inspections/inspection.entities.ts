import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DateTimeColumn, Timestamped, VarcharColumn } from '../../common/columns';
import type { Indicator, IndicatorBasis, IndicatorType } from './indicators';
import type { Evidence } from './scoring';

/** One item of the current indicator set (检查指标); `position` keeps the admin's order. */
@Entity('inspection_indicators')
export class InspectionIndicator extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(40, { unique: true })
  code: string;

  @VarcharColumn(100)
  name: string;

  @VarcharColumn(16)
  type: IndicatorType;

  @VarcharColumn(16)
  basis: IndicatorBasis;

  @Column({ type: 'double' })
  points: number;

  @Column({ type: 'double' })
  cap: number;

  @VarcharColumn(500)
  description: string;

  @Column({ type: 'int' })
  position: number;
}

export const ROUND_STATUSES = ['open', 'final'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** An inspection round (检查轮次) of a quarter, with the indicator set it was created with. */
@Entity('inspection_rounds')
@Index('idx_inspection_rounds_quarter', ['quarter', 'status'])
export class InspectionRound extends Timestamped {
  @PrimaryGeneratedColumn()
  id: number;

  @VarcharColumn(6)
  quarter: string;

  @DateTimeColumn({ name: 'inspection_date', nullable: false })
  inspectionDate: Date;

  @VarcharColumn(16)
  status: RoundStatus;

  @Column({ name: 'sample_rate', type: 'double' })
  sampleRate: number;

  @Column({ type: 'int' })
  seed: number;

  @Column({ name: 'unit_ids', type: 'simple-json', nullable: true })
  unitIds: number[] | null;

  @Column({ type: 'simple-json', nullable: true })
  platforms: string[] | null;

  /** The indicator set frozen at creation: later edits of the set do not change this round. */
  @Column({ type: 'simple-json' })
  indicators: Indicator[];

  /** The round whose failures were included as rechecks (null: none). */
  @Column({ name: 'recheck_of_id', type: 'int', nullable: true })
  recheckOfId: number | null;

  @DateTimeColumn({ name: 'evaluated_at' })
  evaluatedAt: Date | null;

  @DateTimeColumn({ name: 'finalized_at' })
  finalizedAt: Date | null;

  @VarcharColumn(64, { name: 'created_by', nullable: true })
  createdBy: string | null;
}

export const EVALUATION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

/** One evaluation run of a round (the 202's id), reporting progress done/total like other runs. */
@Entity('inspection_evaluations')
@Index('idx_inspection_evaluations_round', ['roundId'])
export class InspectionEvaluation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'round_id', type: 'int' })
  roundId: number;

  @VarcharColumn(16)
  status: EvaluationStatus;

  @Column({ type: 'int', default: 0 })
  done: number;

  @Column({ type: 'int', default: 0 })
  total: number;

  @VarcharColumn(1000, { nullable: true })
  error: string | null;

  @Column({ name: 'requested_by_id', type: 'int', nullable: true })
  requestedById: number | null;

  @DateTimeColumn({ name: 'created_at', nullable: false })
  createdAt: Date;

  @DateTimeColumn({ name: 'started_at' })
  startedAt: Date | null;

  @DateTimeColumn({ name: 'finished_at' })
  finishedAt: Date | null;
}

/** An account drawn into a round, with its score and verdict as last computed (frozen when final). */
@Entity('inspection_accounts')
@Unique('uq_inspection_accounts_round_account', ['roundId', 'accountId'])
@Index('idx_inspection_accounts_round_unit', ['roundId', 'unitId'])
export class InspectionAccount {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'round_id', type: 'int' })
  roundId: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  /** Name, unit and platform as they were when drawn (the round reads as it was published). */
  @VarcharColumn(100)
  name: string;

  @VarcharColumn(16)
  platform: string;

  @Column({ name: 'unit_id', type: 'int' })
  unitId: number;

  @VarcharColumn(200, { name: 'unit_name' })
  unitName: string;

  @Column({ type: 'boolean', default: false })
  recheck: boolean;

  /** Null until evaluated. */
  @Column({ type: 'double', nullable: true })
  score: number | null;

  @VarcharColumn(8, { nullable: true })
  verdict: 'pass' | 'fail' | null;
}

/** An auto item that hit an account in a round, with its evidence (finding, column, post, task). */
@Entity('inspection_item_results')
@Index('idx_inspection_item_results_round', ['roundId', 'accountId'])
export class InspectionItemResult {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'round_id', type: 'int' })
  roundId: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @VarcharColumn(40)
  code: string;

  @Column({ type: 'int' })
  count: number;

  @Column({ type: 'simple-json' })
  evidence: Evidence[];
}

/** A manual item entered for an account of a round (人工检查项). */
@Entity('inspection_manual_items')
@Unique('uq_inspection_manual_items', ['roundId', 'accountId', 'code'])
export class InspectionManualItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'round_id', type: 'int' })
  roundId: number;

  @Column({ name: 'account_id', type: 'int' })
  accountId: number;

  @VarcharColumn(40)
  code: string;

  @Column({ type: 'boolean' })
  hit: boolean;

  @Column({ type: 'int', nullable: true })
  count: number | null;

  @VarcharColumn(1000, { nullable: true })
  note: string | null;

  @VarcharColumn(2000, { name: 'evidence_url', nullable: true })
  evidenceUrl: string | null;

  @VarcharColumn(64, { name: 'entered_by', nullable: true })
  enteredBy: string | null;

  @DateTimeColumn({ name: 'entered_at', nullable: false })
  enteredAt: Date;
}

export const INSPECTION_ENTITIES = [InspectionIndicator, InspectionRound, InspectionEvaluation, InspectionAccount, InspectionItemResult, InspectionManualItem];
