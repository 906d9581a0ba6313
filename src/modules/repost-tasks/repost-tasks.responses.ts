import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { MATCHED_BY, MatchedBy, REPOST_STATUSES, RepostStatus } from './matching/match';
import type { RepostConfirmation } from './repost-task.entity';

/**
 * Response schemas of the repost task endpoints (src/common/openapi.ts). The matching code in
 * ./matching stays framework-free: its status and match kinds are only read from here.
 */

/** Units required by a task, by their worst account (an operator's counts their own unit only). */
export class RepostTaskSummaryView {
  @ApiProperty({ type: 'integer', description: '须转发的单位 / units required' })
  units: number;

  @ApiProperty({ type: 'integer' })
  done: number;

  @ApiProperty({ type: 'integer', description: '逾期完成 / done after the due time' })
  late: number;

  @ApiProperty({ type: 'integer', description: '未完成 / not done' })
  missing: number;
}

/** A repost task (转发任务). */
export class RepostTaskView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  title: string;

  @ApiProperty({ type: String, description: '原文链接 / the original to repost' })
  sourceUrl: string;

  @ApiProperty({ type: String, nullable: true })
  sourceName: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: Date;

  @ApiProperty({ type: [String], nullable: true, description: '平台代码；null 为全部平台 / platform codes; null: every platform' })
  platforms: string[] | null;

  @ApiProperty({ type: 'integer', isArray: true, nullable: true, description: 'null 为全部在用单位 / null: every active unit' })
  unitIds: number[] | null;

  @ApiProperty({ type: Boolean, description: '截止前可修改 / editable until due' })
  editable: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '完成情况最近一次计算 / when the results were last computed' })
  computedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  @ApiPropertyOptional({ type: RepostTaskSummaryView, description: '列表与详情中有；完成情况中的 task 没有 / in the list and GET/PATCH answers, not in the compliance answer' })
  summary?: RepostTaskSummaryView;
}

/** What shows an account did repost: a matched post or a manual confirmation. */
export class RepostEvidenceView {
  @ApiPropertyOptional({ type: 'integer', description: '匹配到的发布 / the matched post' })
  postId?: number;

  @ApiPropertyOptional({ type: 'integer', description: '人工确认 / the manual confirmation' })
  confirmationId?: number;

  @ApiProperty({ type: String, nullable: true })
  url: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  postedAt: Date;

  @ApiProperty({ enum: MATCHED_BY, description: 'url 链接 / source 来源 / title 标题相似 / manual 人工确认' })
  matchedBy: MatchedBy;
}

/** One required account of a unit. */
export class RepostComplianceAccountView {
  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: String })
  accountName: string;

  @ApiProperty({ type: String, description: '平台代码 / platform code' })
  platform: string;

  @ApiProperty({ enum: REPOST_STATUSES })
  status: RepostStatus;

  @ApiPropertyOptional({ type: RepostEvidenceView, description: '已完成时 / when done' })
  evidence?: RepostEvidenceView;
}

/** Required accounts of a task by status (the 全部 / 未完成 filter counts). */
export class RepostComplianceCountsView {
  @ApiProperty({ type: 'integer', description: '须转发的账号 / accounts required' })
  all: number;

  @ApiProperty({ type: 'integer', description: '按时完成 / done on time' })
  done: number;

  @ApiProperty({ type: 'integer', description: '逾期完成 / done late' })
  late: number;

  @ApiProperty({ type: 'integer', description: '未完成 / not done' })
  missing: number;
}

/** One unit's status for the task: its worst account. */
export class RepostComplianceUnitView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String, nullable: true })
  unitCode: string | null;

  @ApiProperty({ enum: REPOST_STATUSES })
  status: RepostStatus;

  @ApiProperty({ type: [RepostComplianceAccountView] })
  accounts: RepostComplianceAccountView[];
}

/** `GET /api/repost-tasks/{id}/compliance`: per unit and account, with evidence. */
export class RepostComplianceView {
  @ApiProperty({ type: RepostTaskView })
  task: RepostTaskView;

  @ApiProperty({ type: [RepostComplianceUnitView], description: '按单位编码、名称排序；有 pageSize 时为一页 / by unit code, then name; one page with pageSize' })
  items: RepostComplianceUnitView[];

  @ApiProperty({ type: 'integer', description: '符合 status 筛选的单位数 / units matching the status filter' })
  total: number;

  @ApiProperty({ type: 'integer', description: '页码（无 pageSize 时为 1）/ the page (1 without pageSize)' })
  page: number;

  @ApiProperty({ type: 'integer', nullable: true, description: '每页单位数；null 为全部 / units per page; null: all' })
  pageSize: number | null;

  @ApiProperty({ type: RepostComplianceCountsView, description: '不受 status 筛选和分页影响的账号计数 / account counts, whatever the status filter and page' })
  accountCounts: RepostComplianceCountsView;
}

/** A manual confirmation (人工确认) of one account; revoked, never deleted. */
export class RepostConfirmationView implements Pick<RepostConfirmation, keyof RepostConfirmation> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  taskId: number;

  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: String })
  evidenceUrl: string;

  @ApiProperty({ type: String, format: 'date-time' })
  postedAt: Date;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  confirmedById: number | null;

  @ApiProperty({ type: String, nullable: true })
  confirmedByUsername: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  confirmedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: Date | null;

  @ApiProperty({ type: 'integer', nullable: true })
  revokedById: number | null;

  @ApiProperty({ type: String, nullable: true })
  revokedByUsername: string | null;

  @ApiProperty({ type: String, nullable: true })
  revokeReason: string | null;

  @ApiPropertyOptional({ type: String, description: '账号名称（确认记录列表中有）/ the account name, in the list of confirmations' })
  accountName?: string;
}

/** One entry of a task's audit trail (`GET /api/repost-tasks/{id}/history`), oldest first. */
export class RepostTaskHistoryEntryView implements Pick<AuditEntry, keyof AuditEntry> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String, example: 'repost_task' })
  subjectType: string;

  @ApiProperty({ type: String, description: '任务编号（文本）/ the task id, as text' })
  subjectId: string;

  @ApiProperty({ type: String, description: 'create、update、import、confirm、revoke_confirmation' })
  action: string;

  @ApiProperty({ type: String, nullable: true })
  fromState: string | null;

  @ApiProperty({ type: String, nullable: true })
  toState: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '改动或确认详情 / changes or confirmation details' })
  changes: Record<string, unknown> | null;

  @ApiProperty({ type: 'integer', nullable: true })
  actorId: number | null;

  @ApiProperty({ type: String, nullable: true })
  actorUsername: string | null;

  @ApiProperty({ type: String, nullable: true, description: '客户端地址 / client address' })
  clientIp: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt: Date;
}

/** `POST /api/repost-tasks/import`: every row became a task (otherwise 400 with the row errors). */
export class RepostTaskImportResultView {
  @ApiProperty({ type: 'integer' })
  imported: number;

  @ApiProperty({ type: 'integer', isArray: true, description: '新任务编号 / the new tasks' })
  ids: number[];
}

// ---- GET /api/reports/repost-compliance ----

export class RepostCompliancePeriodView {
  @ApiProperty({ type: String, format: 'date-time', description: '含 / inclusive' })
  from: string;

  @ApiProperty({ type: String, format: 'date-time', description: '不含 / exclusive' })
  to: string;
}

/** A task issued in the quarter. */
export class RepostComplianceTaskView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  title: string;

  @ApiProperty({ type: String })
  sourceUrl: string;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: Date;
}

export class RepostTaskRefView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  title: string;
}

/** A unit's repost tasks of the quarter. */
export class UnitRepostComplianceView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String, nullable: true })
  unitCode: string | null;

  @ApiProperty({ type: 'integer' })
  required: number;

  @ApiProperty({ type: 'integer' })
  done: number;

  @ApiProperty({ type: 'integer' })
  late: number;

  @ApiProperty({ type: 'integer', description: '已截止未完成 / due and not done' })
  missing: number;

  @ApiProperty({ type: 'integer', description: '未截止未完成 / not done, not yet due' })
  pending: number;

  @ApiProperty({ type: [RepostTaskRefView], description: '未完成的任务 / the tasks missed' })
  missingTasks: RepostTaskRefView[];
}

/** `GET /api/reports/repost-compliance` (format=json): per unit, tasks issued in the quarter. */
export class RepostComplianceReportView {
  @ApiProperty({ type: String, example: '2023Q3' })
  quarter: string;

  @ApiProperty({ type: RepostCompliancePeriodView })
  period: RepostCompliancePeriodView;

  @ApiProperty({ type: [RepostComplianceTaskView] })
  tasks: RepostComplianceTaskView[];

  @ApiProperty({ type: [UnitRepostComplianceView] })
  units: UnitRepostComplianceView[];

  @ApiProperty({ type: [String], description: '有逾期或未完成任务的单位 / units with late or missed tasks' })
  nonCompliantUnits: string[];
}
