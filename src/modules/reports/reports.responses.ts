import { ImpostorCaseView } from './impostor.responses';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { detectorRegistry } from '../findings/detectors/detector-registry';
import { ReportRectificationsView } from './report-rectifications';
import { QuarterInspectionView } from '../inspections/inspections.responses';
import type { ReportExport, ReportExportFormat, ReportExportKind, ReportExportStatus } from './report-export.entity';
import type { FindingGroup, InactiveAccount, OverdueRecertification, QuarterlyReport, ReportUnitRow, TargetSource } from './report.types';

/**
 * Response schemas of the targets, quarterly report and report export endpoints
 * (src/common/openapi.ts). The report's own types stay in report.types.ts (plain data, read by
 * the pure assembly code); the classes here implement them so the two cannot drift apart.
 */

const TARGET_SOURCES = Object.keys({ unit: 1, default: 1, none: 1 } satisfies Record<TargetSource, 1>);
const EXPORT_KINDS = Object.keys({ quarterly: 1, 'repost-compliance': 1 } satisfies Record<ReportExportKind, 1>);
const EXPORT_FORMATS = Object.keys({ xlsx: 1, docx: 1 } satisfies Record<ReportExportFormat, 1>);
const EXPORT_STATUSES = Object.keys({ queued: 1, running: 1, done: 1, failed: 1 } satisfies Record<ReportExportStatus, 1>);

// The targets' views live in targets.responses.ts.
import { TargetValueView } from './targets.responses';
export { DefaultTargetView, TargetsView, TargetValueView, UnitTargetView } from './targets.responses';

// ---- the quarterly report ----

/** An interval of instants: `from` inclusive, `to` exclusive. */
export class ReportPeriodView {
  @ApiProperty({ type: String, format: 'date-time' })
  from: string;

  @ApiProperty({ type: String, format: 'date-time' })
  to: string;
}

/** A unit's repost tasks of the quarter, counted by the unit's worst account per task. */
export class ReportRepostTasksView {
  @ApiProperty({ type: 'integer', description: '须转发的任务 / tasks the unit had to repost' })
  required: number;

  @ApiProperty({ type: 'integer' })
  done: number;

  @ApiProperty({ type: 'integer', description: '逾期完成 / done after the due time' })
  late: number;

  @ApiProperty({ type: 'integer', description: '已截止未完成 / due and not done' })
  missing: number;

  @ApiProperty({ type: 'integer', description: '未截止未完成 / not done, not yet due' })
  pending: number;

  // Sent as it comes from RepostTasksService.unitCounts (not part of report.types.ts): present on
  // the rows of units that had tasks, and on an operator's totals copied from their row.
  @ApiPropertyOptional({ type: 'integer', description: '单位编号（有转发任务的单位才有）/ the unit, on rows of units that had tasks' })
  unitId?: number;
}

/** The repost task totals, with the number of tasks issued in the quarter. */
export class ReportRepostTotalsView extends ReportRepostTasksView {
  @ApiProperty({ type: 'integer', description: '本季度下达的任务数 / tasks issued in the quarter' })
  tasks: number;
}

const PER_PLATFORM = { type: 'object', additionalProperties: { type: 'integer' } } as const;

/** One unit's row of the report (the statistics table). */
export class ReportUnitRowView implements ReportUnitRow {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String, nullable: true })
  unitCode: string | null;

  @ApiProperty({ enum: ['active', 'abolished'], description: 'abolished：期内撤并（仍有账号）/ abolished during the period' })
  unitStatus: 'active' | 'abolished';

  @ApiProperty({ type: 'integer', description: '发布 / own posts' })
  posts: number;

  @ApiProperty({ type: 'integer', description: '转发 / reposts' })
  reposts: number;

  @ApiProperty({ type: 'integer' })
  targetPosts: number;

  @ApiProperty({ type: 'integer' })
  targetReposts: number;

  @ApiProperty({ enum: TARGET_SOURCES, description: 'unit 单位任务 / default 默认任务 / none 未设置' })
  targetSource: TargetSource;

  @ApiProperty({ type: Boolean, description: '完成发布任务 / met its target' })
  met: boolean;

  @ApiProperty({ type: 'integer', description: '期末在用账号数 / accounts open at the end of the period' })
  accountsOpen: number;

  @ApiProperty({ ...PER_PLATFORM, description: '按平台代码 / per platform code' })
  accountsByPlatform: Record<string, number>;

  @ApiProperty({ type: ReportRepostTasksView })
  repostTasks: ReportRepostTasksView;

  @ApiProperty({ type: 'integer', description: '无法访问的栏目 / broken columns' })
  brokenColumns: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '期末前最近一次发布或转发 / latest post at or before the end' })
  lastPostAt: string | null;

  @ApiProperty({ type: 'integer', description: '长期未更新账号数 / inactive accounts' })
  inactiveAccounts: number;

  // Optional in the document only: snapshots published before re-certification existed lack it.
  @ApiPropertyOptional({
    type: 'integer',
    description: '逾期未核查账号数；定期核查功能之前发布的快照中没有 / accounts overdue for re-certification; absent from snapshots published before it existed',
  })
  recertifyOverdue: number;

  @ApiProperty({ type: 'integer', description: '未整改风险 / open findings' })
  openFindings: number;

  @ApiProperty({ type: [String], description: '存在问题（中文短语）/ problems, short Chinese phrases' })
  problems: string[];
}

/** The report's totals over its units. */
export class ReportTotalsView {
  @ApiProperty({ type: 'integer' })
  posts: number;

  @ApiProperty({ type: 'integer' })
  reposts: number;

  @ApiProperty({ type: 'integer' })
  accountsOpen: number;

  @ApiProperty({ type: 'integer', description: '列入通报的单位数 / units listed' })
  units: number;

  @ApiProperty({ ...PER_PLATFORM, description: '按平台代码 / per platform code' })
  accountsByPlatform: Record<string, number>;

  @ApiProperty({ type: ReportRepostTotalsView })
  repostTasks: ReportRepostTotalsView;

  @ApiProperty({ type: 'integer' })
  brokenColumns: number;

  @ApiProperty({ type: 'integer' })
  openFindings: number;
}

/** An account open at the end of the period whose latest post is older than `inactiveDays`. */
export class InactiveAccountView implements InactiveAccount {
  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, description: '平台代码 / platform code' })
  platform: string;

  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '从未发布为 null / null when it never posted' })
  lastPostAt: string | null;
}

/** An account overdue for re-certification (定期核查) at the end of the period. */
export class OverdueRecertificationView implements OverdueRecertification {
  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, description: '平台代码 / platform code' })
  platform: string;

  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: string;
}

/** Open findings of one kind. */
export class FindingGroupView implements FindingGroup {
  @ApiProperty({ enum: detectorRegistry.kinds() })
  kind: string;

  @ApiProperty({ type: String, description: '中文名称 / Chinese label' })
  label: string;

  @ApiProperty({ type: 'integer' })
  count: number;

  @ApiProperty({ type: [String], description: '涉及的单位名称 / names of the units concerned' })
  units: string[];
}

/** What the bulletin (DOCX) needs beyond the figures. */
export class ReportBulletinView {
  @ApiProperty({ type: String, description: '发文单位 / issuer' })
  issuer: string;

  @ApiProperty({ type: String, description: '工作要求 / requirements (text)' })
  requirements: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '文号（已按季度填写）；null 为无文号 / document number' })
  documentNumber?: string | null;

  @ApiPropertyOptional({ type: String, example: '2023-09-30', description: '成文日期 YYYY-MM-DD / the date the bulletin is signed' })
  signedOn?: string;
}

/** `GET /api/reports/quarterly` (format=json) and `POST /api/reports/quarterly/publish`: the quarterly report (季度通报). */
export class QuarterlyReportView implements QuarterlyReport {
  @ApiProperty({ type: QuarterInspectionView, nullable: true, description: '本季度最新已定稿检查轮次（合格率与不合格账号）；没有时为 null / the latest final inspection round' })
  inspection: QuarterInspectionView | null;

  @ApiProperty({ type: String, example: '2023Q3' })
  quarter: string;

  @ApiProperty({ type: String, example: '2023年第三季度' })
  quarterLabel: string;

  @ApiProperty({ type: ReportPeriodView })
  period: ReportPeriodView;

  @ApiProperty({ type: String, format: 'date-time', description: '数据截至：期末，本季度为计算时间 / the end of the period, or now for the current quarter' })
  asOf: string;

  @ApiProperty({ type: Boolean, description: '本季度 / the current quarter' })
  current: boolean;

  @ApiProperty({ enum: ['live', 'published'], description: 'live 实时计算 / published 已发布的快照' })
  status: 'live' | 'published';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: '发布人用户名 / username' })
  publishedBy: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: 'integer', description: '长期未更新的天数标准 / INACTIVE_DAYS' })
  inactiveDays: number;

  @ApiProperty({ type: TargetValueView, nullable: true })
  defaultTarget: TargetValueView | null;

  @ApiProperty({ type: ReportTotalsView })
  totals: ReportTotalsView;

  @ApiProperty({ type: [ReportUnitRowView], description: '按单位编码、名称排序 / by unit code, then name' })
  units: ReportUnitRowView[];

  @ApiProperty({ type: [String], description: '完成任务的单位 / units that met their target' })
  goodUnits: string[];

  @ApiProperty({ type: [String] })
  unmetUnits: string[];

  @ApiProperty({ type: [String] })
  zeroPostUnits: string[];

  @ApiProperty({ type: [String] })
  repostNonCompliantUnits: string[];

  @ApiProperty({ type: [String] })
  brokenLinkUnits: string[];

  @ApiProperty({ type: [InactiveAccountView] })
  inactiveAccounts: InactiveAccountView[];

  @ApiPropertyOptional({ type: [OverdueRecertificationView], description: '定期核查功能之前发布的快照中没有 / absent from snapshots published before re-certification existed' })
  recertifyOverdueAccounts?: OverdueRecertificationView[];

  @ApiProperty({ type: [FindingGroupView] })
  findings: FindingGroupView[];

  @ApiPropertyOptional({ type: ReportRectificationsView, description: '本季度下发的整改通知（整改功能之前发布的快照中没有）' })
  rectifications?: ReportRectificationsView;
  @ApiPropertyOptional({ type: [ImpostorCaseView], description: '本季度认定的假冒账号（账号发现）；账号发现功能之前发布的快照中没有' })
  impostors?: ImpostorCaseView[];

  @ApiProperty({ type: ReportBulletinView })
  bulletin: ReportBulletinView;
}

/** `DELETE /api/reports/quarterly/publish`: the quarter is live again. */
export class ReportUnpublishedView {
  @ApiProperty({ type: String, example: '2023Q3' })
  quarter: string;

  @ApiProperty({ enum: ['live'] })
  status: 'live';
}

// ---- report exports ----

/** A report file built in the background (`POST /api/reports/exports`, `GET /api/reports/exports/{id}`). */
export class ReportExportView implements Omit<ReportExport, 'content'> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: EXPORT_KINDS })
  report: ReportExportKind;

  @ApiProperty({ type: String, example: '2023Q3' })
  quarter: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  format: ReportExportFormat;

  @ApiProperty({ type: Boolean, description: '按当前数据计算（即使已发布）/ computed now even when published' })
  live: boolean;

  @ApiProperty({ enum: EXPORT_STATUSES })
  status: ReportExportStatus;

  @ApiProperty({ type: String, nullable: true, description: '失败原因 / why it failed' })
  error: string | null;

  @ApiProperty({ type: 'integer' })
  requestedById: number;

  @ApiProperty({ type: String })
  requestedBy: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: Date | null;

  @ApiProperty({ type: String, nullable: true, description: '下载文件名 / the download name' })
  fileName: string | null;

  @ApiProperty({ type: String, nullable: true })
  contentType: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: '字节数 / bytes' })
  size: number | null;
}
