import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RunKind } from './system.service';

const RUN_KINDS = Object.keys({ link_check: 1, poll: 1, findings_scan: 1, inspection_evaluation: 1 } satisfies Record<RunKind, 1>);
/** Link-check runs, scans and inspection evaluations: queued, running, done, failed; poll runs: running, done, failed. */
const RUN_STATUSES = ['queued', 'running', 'done', 'failed'];

/** Jobs of one job name. */
export class QueueCountsView {
  @ApiProperty({ type: String, description: '任务名 / job name' })
  name: string;

  @ApiProperty({ type: 'integer' })
  waiting: number;

  @ApiProperty({ type: 'integer' })
  active: number;

  @ApiProperty({ type: 'integer' })
  failed: number;
}

/** A process taking jobs. */
export class WorkerView {
  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  addr: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: [String], description: '它处理的任务名 / the job names it takes' })
  queues: string[];
}

/** A registered schedule: `pattern` (cron) or `everyMs`. */
export class ScheduleView {
  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, nullable: true, description: 'cron' })
  pattern: string | null;

  @ApiProperty({ type: String, nullable: true })
  tz: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  everyMs: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '下次触发 / next firing, when known' })
  next: string | null;
}

/** One of the latest runs (link checks, polls, findings scans, inspection evaluations). */
export class RecentRunView {
  @ApiProperty({ enum: RUN_KINDS })
  kind: RunKind;

  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: RUN_STATUSES })
  status: string;

  @ApiProperty({ enum: ['manual', 'schedule'] })
  trigger: string;

  @ApiPropertyOptional({ type: 'integer', description: '扫描没有 / absent for findings scans' })
  total?: number;

  @ApiPropertyOptional({ type: 'integer', description: '扫描没有 / absent for findings scans' })
  done?: number;

  @ApiPropertyOptional({ type: 'integer', description: '检查评估所属的检查轮次 / the round of an inspection evaluation' })
  roundId?: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  createdAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}

/** GET /api/system/status: the 运行状态 page (reads only). */
export class SystemStatusView {
  @ApiProperty({ enum: ['local', 'bullmq'] })
  driver: 'local' | 'bullmq';

  @ApiProperty({ type: Boolean })
  queueUp: boolean;

  @ApiProperty({ type: Boolean, description: '本进程是否执行任务 / whether this process runs jobs' })
  runJobs: boolean;

  @ApiProperty({ type: [QueueCountsView] })
  queues: QueueCountsView[];

  @ApiProperty({ type: [WorkerView] })
  workers: WorkerView[];

  @ApiProperty({ type: [ScheduleView] })
  schedules: ScheduleView[];

  @ApiProperty({ type: [RecentRunView], description: '每类最近 10 个，新的在前 / the latest 10 of each kind, newest first' })
  recentRuns: RecentRunView[];
}
