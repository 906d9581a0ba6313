import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { formatQuarter, parseQuarter, quarterBounds, quarterOf } from '../../common/quarter';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { DOCX_TYPE, DownloadFile, XLSX_TYPE } from '../../common/download';
import { formatTime } from '../repost-tasks/repost-matching.service';
import { bulletinDocument, bulletinTitle } from './report-docx';
import { statisticsTitle, statisticsWorkbook } from './report-xlsx';
import { fieldError } from '../../common/validation';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { DiscoveryService } from '../discovery/discovery.service';
import { detectorRegistry } from '../findings/detectors/detector-registry';
import { RecertificationService } from '../recertification/recertification.service';
import { SettingsService } from '../settings/settings.service';
import { renderDocumentNumber, signedDay } from '../settings/report-letterhead';
import { quarterFindings } from './report-findings';
import { RectificationLedgerService } from '../rectifications/rectification-ledger.service';
import { RepostComplianceService } from '../repost-tasks/repost-compliance.service';
import { ReportingRepository } from '../reporting/reporting.repository';
import { UnitsService } from '../units/units.service';
import { InspectionsService } from '../inspections/inspections.service';
import { assembleReport, quarterLabel, scopeToUnit } from './report-assemble';
import { DEFAULT_TARGET_UNIT, Target } from './report.entities';
import { reportRequirements } from './report-requirements';
import type { InactiveAccount, QuarterlyReport, ReportBulletin } from './report.types';
import { PublishReportDto, PutTargetDto } from './reports.dto';
import { ReportSnapshotsRepository, TargetsRepository } from './reports.repository';
import { ReportUnpublishedView, TargetsView } from './reports.responses';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The quarterly report (季度通报) and targets (发布任务): the only writer of `targets` and
 * `report_snapshots`. Figures come from GROUP BY queries over indexed tables; no post row is loaded.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly targetRows: TargetsRepository,
    private readonly snapshots: ReportSnapshotsRepository,
    private readonly reporting: ReportingRepository,
    private readonly units: UnitsService,
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repostTasks: RepostComplianceService,
    private readonly recertification: RecertificationService,
    private readonly rectifications: RectificationLedgerService,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly discovery: DiscoveryService,
    private readonly inspections: InspectionsService,
  ) {}

  // ---- targets ----

  async putTarget(dto: PutTargetDto, actor: Actor): Promise<TargetsView> {
    const quarter = this.parse(dto.quarter);
    const unitId = dto.unitId ?? DEFAULT_TARGET_UNIT;
    if (unitId !== DEFAULT_TARGET_UNIT) {
      const [unit] = await this.units.findByIds([unitId]);
      if (!unit) throw fieldError('unitId', `单位 ${unitId} 不存在`);
    }
    await this.transactions.run(async (tx) => {
      const existing = await this.targetRows.find(tx, quarter, unitId);
      const before = existing ? { posts: existing.posts, reposts: existing.reposts } : null;
      if (existing) {
        existing.posts = dto.posts;
        existing.reposts = dto.reposts;
        existing.updatedBy = actor.username;
        await this.targetRows.save(tx, existing);
      } else {
        await this.insertTarget(tx, { quarter, unitId, posts: dto.posts, reposts: dto.reposts, updatedBy: actor.username });
      }
      await this.audit.record(tx, {
        subjectType: 'target',
        subjectId: `${quarter}:${unitId}`,
        action: existing ? 'update' : 'create',
        actor,
        changes: { before, after: { posts: dto.posts, reposts: dto.reposts } },
      });
    });
    return this.targets(quarter);
  }

  /** `unitId` (validated ≥ 1 by DeleteTargetQuery) removes that unit's override; omitted, the default. */
  async deleteTarget(quarterText: string, unitIdParam: number | undefined, actor: Actor): Promise<TargetsView> {
    const quarter = this.parse(quarterText);
    const unitId = unitIdParam ?? DEFAULT_TARGET_UNIT;
    await this.transactions.run(async (tx) => {
      const existing = await this.targetRows.find(tx, quarter, unitId);
      if (!existing) throw new NotFoundException(unitId === DEFAULT_TARGET_UNIT ? `${quarter} 没有设置默认发布任务` : `${quarter} 没有为单位 ${unitId} 单独设置发布任务`);
      await this.targetRows.remove(tx, existing.id);
      await this.audit.record(tx, {
        subjectType: 'target',
        subjectId: `${quarter}:${unitId}`,
        action: 'delete',
        actor,
        changes: { before: { posts: existing.posts, reposts: existing.reposts } },
      });
    });
    return this.targets(quarter);
  }

  /** The quarter's targets; an operator sees the default and their own unit's (unit scope). */
  async targets(quarterText: string | undefined, actor?: Actor): Promise<TargetsView> {
    const quarter = quarterText === undefined ? formatQuarter(quarterOf(new Date(), this.config.appTimezone)) : this.parse(quarterText);
    const only = actor ? UnitScope.restriction(actor) : null;
    const rows = (await this.targetRows.ofQuarter(quarter)).filter((r) => only === null || r.unitId === DEFAULT_TARGET_UNIT || r.unitId === only);
    const units = new Map((await this.units.all()).map((u) => [u.id, u]));
    const def = rows.find((r) => r.unitId === DEFAULT_TARGET_UNIT);
    const perUnit = rows
      .filter((r) => r.unitId !== DEFAULT_TARGET_UNIT)
      .map((r) => ({
        unitId: r.unitId,
        unitName: units.get(r.unitId)?.name ?? String(r.unitId),
        unitCode: units.get(r.unitId)?.code ?? null,
        posts: r.posts,
        reposts: r.reposts,
        updatedAt: r.updatedAt,
        updatedBy: r.updatedBy,
      }))
      .sort((a, b) => (a.unitCode === b.unitCode ? a.unitName.localeCompare(b.unitName) : a.unitCode === null ? 1 : b.unitCode === null ? -1 : a.unitCode < b.unitCode ? -1 : 1));
    return { quarter, default: def ? { posts: def.posts, reposts: def.reposts, updatedAt: def.updatedAt, updatedBy: def.updatedBy } : null, units: perUnit };
  }

  // ---- the report ----

  /** The published snapshot when there is one (unless `live`), else the figures computed now. */
  async quarterly(quarterText: string | undefined, actor: Actor, options: { live?: boolean; format?: string } = {}): Promise<QuarterlyReport> {
    const office = options.format === 'xlsx' || options.format === 'docx';
    if (actor.role === 'operator' && office) throw new ForbiddenException('季度通报与统计表是面向全区的公文，信息员只能查看本单位的数据（format=json）');
    const quarter = this.quarterOrCurrent(quarterText);
    let report: QuarterlyReport | null = null;
    if (!options.live) report = await this.published(quarter);
    report ??= await this.compute(quarter);
    // Read at each request, also over a published snapshot: a final inspection round is frozen.
    report = { ...report, inspection: await this.inspections.quarterInspection(quarter) };
    const only = UnitScope.restriction(actor);
    return only === null ? report : scopeToUnit(report, only);
  }

  /** The statistics table (xlsx) or the draft bulletin (docx) of the quarter, as `quarterly` sees it. */
  async quarterlyFile(quarterText: string | undefined, actor: Actor, format: 'xlsx' | 'docx', live?: boolean): Promise<DownloadFile> {
    const report = await this.quarterly(quarterText, actor, { live, format });
    const formatDate = (iso: string) => formatTime(new Date(iso), this.config.appTimezone).slice(0, 10);
    if (format === 'xlsx') {
      return {
        content: await statisticsWorkbook(report, formatDate),
        contentType: XLSX_TYPE,
        asciiName: `report-${report.quarter}.xlsx`,
        fileName: `${statisticsTitle(report)}.xlsx`,
      };
    }
    // The letterhead as configured now (发文机关, 文号, 成文日期), also for a published report.
    const bulletin = { ...report.bulletin, ...(await this.letterhead(report.quarter)) };
    const content = await bulletinDocument({ ...report, bulletin }, { timeZone: this.config.appTimezone, formatDate });
    return { content, contentType: DOCX_TYPE, asciiName: `bulletin-${report.quarter}.docx`, fileName: `${bulletinTitle(report)}.docx` };
  }

  async published(quarter: string): Promise<QuarterlyReport | null> {
    const snapshot = await this.snapshots.find(quarter);
    if (!snapshot) return null;
    return { ...(snapshot.figures as QuarterlyReport), status: 'published', publishedAt: snapshot.publishedAt.toISOString(), publishedBy: snapshot.publishedBy };
  }

  /** Freezes the figures computed now as the quarter's published report (reviewer/admin). */
  async publish(dto: PublishReportDto, actor: Actor): Promise<QuarterlyReport> {
    const quarter = this.parse(dto.quarter);
    const existing = await this.snapshots.find(quarter);
    if (existing && !dto.replace) {
      throw new ConflictException(
        `${quarterLabel(quarter)}通报已于 ${formatTime(existing.publishedAt, this.config.appTimezone)} 由 ${existing.publishedBy ?? '—'} 发布；如需按当前数据重新发布，请传 replace: true`,
      );
    }
    const figures = await this.compute(quarter);
    const publishedAt = new Date();
    await this.transactions.run(async (tx) => {
      if (existing) await this.snapshots.remove(tx, existing.id);
      await this.snapshots.insert(tx, { quarter, figures, publishedAt, publishedBy: actor.username, publishedById: actor.id });
      await this.audit.record(tx, { subjectType: 'report', subjectId: quarter, action: existing ? 'republish' : 'publish', actor, changes: { totals: figures.totals } });
    });
    // As `quarterly` answers it: the inspection is read at each request, never frozen in the snapshot.
    return { ...(await this.published(quarter))!, inspection: await this.inspections.quarterInspection(quarter) };
  }

  async unpublish(quarterText: string, actor: Actor): Promise<ReportUnpublishedView> {
    const quarter = this.parse(quarterText);
    await this.transactions.run(async (tx) => {
      const existing = await this.snapshots.find(quarter, tx);
      if (!existing) throw new NotFoundException(`${quarterLabel(quarter)}通报尚未发布`);
      await this.snapshots.remove(tx, existing.id);
      await this.audit.record(tx, { subjectType: 'report', subjectId: quarter, action: 'unpublish', actor });
    });
    return { quarter, status: 'live' };
  }

  /** Computes the report for a past or the current quarter from the database as it is now. */
  async compute(quarter: string, now = new Date()): Promise<QuarterlyReport> {
    const q = parseQuarter(quarter)!;
    const { from, to } = quarterBounds(q, this.config.appTimezone);
    if (from.getTime() > now.getTime()) throw fieldError('quarter', `季度 ${quarter} 尚未开始，只能查看以往或本季度的通报`);
    const current = to.getTime() > now.getTime();
    const asOf = current ? now : to;
    const inactiveBefore = new Date(asOf.getTime() - this.config.inactiveDays * DAY_MS);

    const [units, targets, posts, accountsOpen, repost, repostTasks, brokenColumns, lastPosts, findings, overdue, impostors] = await Promise.all([
      this.reporting.unitFacts(from),
      this.targetRows.ofQuarter(quarter),
      this.reporting.postCounts(from, asOf),
      this.reporting.openAccounts(asOf),
      this.repostTasks.unitCounts(from, to, now),
      this.reporting.taskCount(from, to),
      this.reporting.brokenColumns(asOf, current),
      this.reporting.lastPosts(asOf),
      this.findingsOf(from, asOf),
      this.recertification.overdueAt(asOf),
      this.discovery.impostorsRecorded(from, asOf),
    ]);
    const defaultRow = targets.find((t) => t.unitId === DEFAULT_TARGET_UNIT);
    const unitTargets = new Map(targets.filter((t) => t.unitId !== DEFAULT_TARGET_UNIT).map((t) => [t.unitId, { posts: t.posts, reposts: t.reposts }]));
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    const lastPostAt = new Map<number, Date>();
    const inactiveAccounts: InactiveAccount[] = [];
    for (const a of lastPosts) {
      const prev = lastPostAt.get(a.unitId);
      if (a.lastPostAt && (!prev || prev.getTime() < a.lastPostAt.getTime())) lastPostAt.set(a.unitId, a.lastPostAt);
      // Inactive: latest post (or, with none, the opening) older than INACTIVE_DAYS at the end of the period.
      const since = a.lastPostAt ?? a.openedAt;
      if (since.getTime() < inactiveBefore.getTime()) {
        inactiveAccounts.push({
          accountId: a.id,
          name: a.name,
          platform: a.platform,
          unitId: a.unitId,
          unitName: unitNames.get(a.unitId) ?? String(a.unitId),
          lastPostAt: a.lastPostAt ? a.lastPostAt.toISOString() : null,
        });
      }
    }
    const report = assembleReport({
      quarter,
      quarterLabel: quarterLabel(quarter),
      from,
      to,
      asOf,
      current,
      generatedAt: now,
      inactiveDays: this.config.inactiveDays,
      units,
      defaultTarget: defaultRow ? { posts: defaultRow.posts, reposts: defaultRow.reposts } : null,
      unitTargets,
      posts,
      accountsOpen,
      repost,
      repostTasks,
      brokenColumns,
      lastPostAt,
      inactiveAccounts,
      recertifyOverdue: overdue.map((a) => ({
        accountId: a.accountId,
        name: a.name,
        platform: a.platform,
        unitId: a.unitId,
        unitName: a.unitName ?? String(a.unitId),
        dueAt: a.dueAt.toISOString(),
      })),
      findings,
      bulletin: { ...(await this.letterhead(quarter)), requirements: reportRequirements(this.config.reportRequirementsFile) },
    });
    return { ...report, impostors, rectifications: await this.rectifications.quarter(from, to, asOf) };
  }

  /** 发文机关, 文号 and 成文日期 of the quarter's bulletin, from GET/PUT /api/settings/report. */
  private async letterhead(quarter: string): Promise<Omit<ReportBulletin, 'requirements'>> {
    const settings = await this.settings.report();
    const { to } = quarterBounds(parseQuarter(quarter)!, this.config.appTimezone);
    const day = (instant: Date) => formatTime(instant, this.config.appTimezone).slice(0, 10);
    return {
      issuer: settings.issuer,
      documentNumber: renderDocumentNumber(settings.documentNumber, quarter),
      signedOn: signedDay(settings.signedAt, day(new Date(to.getTime() - 1)), day(new Date())),
    };
  }

  /** Findings of the quarter: evidence in it (also when detected later), or open at `asOf` when undated. */
  private async findingsOf(from: Date, asOf: Date): Promise<{ kind: string; label: string; unitId: number | null; count: number }[]> {
    return quarterFindings(await this.reporting.findingCandidates(from, asOf), from, asOf, (kind) => detectorRegistry.labelOf(kind));
  }

  private async insertTarget(tx: Transaction, fields: Pick<Target, 'quarter' | 'unitId' | 'posts' | 'reposts' | 'updatedBy'>): Promise<void> {
    await this.targetRows.save(tx, fields);
  }

  /** The quarter asked for (400 when malformed), or the current one in APP_TIMEZONE. */
  quarterOrCurrent(text: string | undefined): string {
    return text === undefined ? formatQuarter(quarterOf(new Date(), this.config.appTimezone)) : this.parse(text);
  }

  private parse(text: unknown): string {
    const quarter = parseQuarter(text);
    if (!quarter) throw fieldError('quarter', `季度格式应为 YYYYQn，例如 2023Q3，收到“${String(text ?? '').slice(0, 20)}”`);
    return formatQuarter(quarter);
  }
}
