import { ApiProperty } from '@nestjs/swagger';
import { REASON_CODES } from '../columns/columns.responses';
import type { LinkHealth } from './engine/types';
import { LinkCheck, LinkCheckRun, RUN_STATUSES, RunStatus } from './link-check.entity';

const TRIGGERS = ['manual', 'schedule'];

/** POST /api/link-checks (202): the run that was queued. */
export class LinkCheckRequestedView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: RUN_STATUSES, description: '新任务总是 queued / always queued for a new run' })
  status: string;
}

/** One link-check run (sweep) with its progress. */
export class LinkCheckRunView implements Pick<LinkCheckRun, keyof LinkCheckRun> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: RUN_STATUSES })
  status: RunStatus;

  @ApiProperty({ enum: TRIGGERS })
  trigger: 'manual' | 'schedule';

  @ApiProperty({ type: 'integer', nullable: true })
  unitId: number | null;

  @ApiProperty({ type: 'integer', isArray: true, nullable: true, description: '指定的栏目；null 为单位或全部栏目 / the columns asked for; null = a unit’s or all' })
  columnIds: number[] | null;

  @ApiProperty({ type: 'integer', nullable: true })
  requestedBy: number | null;

  @ApiProperty({ type: 'integer' })
  total: number;

  @ApiProperty({ type: 'integer' })
  done: number;

  @ApiProperty({ type: 'integer' })
  ok: number;

  @ApiProperty({ type: 'integer' })
  broken: number;

  @ApiProperty({ type: 'integer' })
  unverifiable: number;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: Date | null;
}

/** One check of one column (GET /api/columns/:id/checks), newest first. */
export class LinkCheckView implements Pick<LinkCheck, keyof LinkCheck> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  columnId: number;

  @ApiProperty({ type: 'integer', nullable: true })
  runId: number | null;

  @ApiProperty({ enum: ['ok', 'broken', 'unverifiable'] satisfies Exclude<LinkHealth, 'unknown'>[] })
  health: Exclude<LinkHealth, 'unknown'>;

  @ApiProperty({ enum: REASON_CODES })
  reason: string;

  @ApiProperty({ type: String, description: 'reason 的中文说明 / reason in words' })
  reasonText: string;

  @ApiProperty({ type: 'integer', nullable: true })
  httpStatus: number | null;

  @ApiProperty({ type: String, nullable: true })
  finalUrl: string | null;

  @ApiProperty({ type: 'integer' })
  redirects: number;

  @ApiProperty({ type: 'integer' })
  requests: number;

  @ApiProperty({ type: 'integer' })
  durationMs: number;

  @ApiProperty({ type: Boolean, description: '确认复查 / the confirming re-check' })
  confirmation: boolean;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  checkedAt: Date;
}
