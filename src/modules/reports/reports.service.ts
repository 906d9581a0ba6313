import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { formatQuarter, parseQuarter, quarterBounds, quarterOf } from '../../common/quarter';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { DOCX_TYPE, DownloadFile, XLSX_TYPE } from '../../common/download';
import { formatTime } from '../repost-tasks/repost-matching.service';
import { bulletinDocument, bulletinTitle } from './report-docx';
import { statisticsTitle, statisticsWorkbook } from './report-xlsx';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { detectorRegistry } from '../findings/detectors/detector-registry';
import { RecertificationService } from '../recertification/recertification.service';
import { SettingsService } from '../settings/settings.service';
import { renderDocumentNumber, signedDay } from '../settings/report-letterhead';
import { quarterFindings } from './report-findings';
import { ReportFindingsRepository } from './report-findings.repository';
import { RepostTasksService } from '../repost-tasks/repost-tasks.service';
import { Unit } from '../units/unit.entity';
import { assembleReport, quarterLabel, scopeToUnit, UnitFacts } from './report-assemble';
import { DEFAULT_TARGET_UNIT, ReportSnapshot, Target } from './report.entities';
import type { InactiveAccount, QuarterlyReport, ReportBulletin } from './report.types';
import { PublishReportDto, PutTargetDto } from './reports.dto';
import { ReportUnpublishedView, TargetsView } from './reports.responses';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The built-in 工作要求 text, used when config/report-requirements.md cannot be read. */
const FALLBACK_REQUIREMENTS = '加大政务新媒体管理。要严格政务新媒体开办流程,严防先开设后申请、已注销仍运行、监管和实体脱离、一平台开设多个账号等问题的发生。';

/**
 * The quarterly report (季度通报) and targets (发布任务): the only writer of `targets` and
 * `report_snapshots`. Figures come from GROUP BY queries over indexed tables; no post row is loaded.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repostTasks: RepostTasksService,
    private readonly recertification: RecertificationService,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly findingRows: ReportFindingsRepository,
  ) {}

  // ---- targets ----

  async putTarget(dto: PutTargetDto, actor: Actor): Promise<TargetsView> {
    const quarter = this.parse(dto.quarter);
    const unitId = dto.unitId ?? DEFAULT_TARGET_UNIT;
    if (unitId !== DEFAULT_TARGET_UNIT) {
      const unit = await this.dataSource.getRepository(Unit).findOne({ where: { id: unitId } });
      if (!unit) throw fieldError('unitId', `单位(unitId) ${unitId} 不存在`);
    }
    await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(Target, { where: { quarter, unitId } });
      const before = existing ? { posts: existing.posts, reposts: existing.reposts } : null;
      if (existing) {
        existing.posts = dto.posts;
        existing.reposts = dto.reposts;
        existing.updatedBy = actor.username;
        await manager.save(existing);
      } else {
        await this.insertTarget(manager, { quarter, unitId, posts: dto.posts, reposts: dto.reposts, updatedBy: actor.username });
      }
      await this.audit.record(manager, {
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
    await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(Target, { where: { quarter, unitId } });
      if (!existing) throw new NotFoundException(unitId === DEFAULT_TARGET_UNIT ? `${quarter} 没有设置默认发布任务` : `${quarter} 没有为单位 ${unitId} 单独设置发布任务`);
      await manager.delete(Target, { id: existing.id });
      await this.audit.record(manager, {
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
    const rows = (await this.dataSource.getRepository(Target).find({ where: { quarter } })).filter((r) => only === null || r.unitId === DEFAULT_TARGET_UNIT || r.unitId === only);
    const units = new Map((await this.dataSource.getRepository(Unit).find({ select: { id: true, name: true, code: true } })).map((u) => [u.id, u]));
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
    if (actor.role === 'operator' && office) throw new ForbiddenException('季度通报与统计表是面向全区的公文,信息员只能查看本单位的数据(format=json)');
    const quarter = this.quarterOrCurrent(quarterText);
    let report: QuarterlyReport | null = null;
    if (!options.live) report = await this.published(quarter);
    report ??= await this.compute(quarter);
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
    const snapshot = await this.dataSource.getRepository(ReportSnapshot).findOne({ where: { quarter } });
    if (!snapshot) return null;
    return { ...(snapshot.figures as QuarterlyReport), status: 'published', publishedAt: snapshot.publishedAt.toISOString(), publishedBy: snapshot.publishedBy };
  }

  /** Freezes the figures computed now as the quarter's published report (reviewer/admin). */
  async publish(dto: PublishReportDto, actor: Actor): Promise<QuarterlyReport> {
    const quarter = this.parse(dto.quarter);
    const existing = await this.dataSource.getRepository(ReportSnapshot).findOne({ where: { quarter } });
    if (existing && !dto.replace) {
      throw new ConflictException(
        `${quarterLabel(quarter)}通报已于 ${existing.publishedAt.toISOString()} 由 ${existing.publishedBy ?? '—'} 发布;如需按当前数据重新发布,请传 replace: true`,
      );
    }
    const figures = await this.compute(quarter);
    const publishedAt = new Date();
    await this.dataSource.transaction(async (manager) => {
      if (existing) await manager.delete(ReportSnapshot, { id: existing.id });
      await manager.insert(ReportSnapshot, { quarter, figures, publishedAt, publishedBy: actor.username, publishedById: actor.id });
      await this.audit.record(manager, { subjectType: 'report', subjectId: quarter, action: existing ? 'republish' : 'publish', actor, changes: { totals: figures.totals } });
    });
    return (await this.published(quarter))!;
  }

  async unpublish(quarterText: string, actor: Actor): Promise<ReportUnpublishedView> {
    const quarter = this.parse(quarterText);
    await this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOne(ReportSnapshot, { where: { quarter } });
      if (!existing) throw new NotFoundException(`${quarterLabel(quarter)}通报尚未发布`);
      await manager.delete(ReportSnapshot, { id: existing.id });
      await this.audit.record(manager, { subjectType: 'report', subjectId: quarter, action: 'unpublish', actor });
    });
    return { quarter, status: 'live' };
  }

  /** Computes the report for a past or the current quarter from the database as it is now. */
  async compute(quarter: string, now = new Date()): Promise<QuarterlyReport> {
    const q = parseQuarter(quarter)!;
    const { from, to } = quarterBounds(q, this.config.appTimezone);
    if (from.getTime() > now.getTime()) throw fieldError('quarter', `季度(quarter)${quarter} 尚未开始,只能查看以往或本季度的通报`);
    const current = to.getTime() > now.getTime();
    const asOf = current ? now : to;
    const inactiveBefore = new Date(asOf.getTime() - this.config.inactiveDays * DAY_MS);

    const [units, targets, posts, accountsOpen, repost, repostTasks, brokenColumns, lastPosts, findings, overdue] = await Promise.all([
      this.unitFacts(from),
      this.dataSource.getRepository(Target).find({ where: { quarter } }),
      this.postCounts(from, asOf),
      this.openAccounts(asOf),
      this.repostTasks.unitCounts(from, to, now),
      this.taskCount(from, to),
      this.brokenColumns(asOf, current),
      this.lastPosts(asOf),
      this.findingsOf(from, asOf),
      this.recertification.overdueAt(asOf),
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
    return assembleReport({
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
      bulletin: { ...(await this.letterhead(quarter)), requirements: this.requirements() },
    });
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
    return quarterFindings(await this.findingRows.candidates(from, asOf), from, asOf, (kind) => detectorRegistry.labelOf(kind));
  }

  /** The 工作要求 template (config/report-requirements.md, or REPORT_REQUIREMENTS_FILE), read at each computation so edits apply at once. */
  requirements(): string {
    const candidates = this.config.reportRequirementsFile
      ? [this.config.reportRequirementsFile]
      : [
          path.resolve(__dirname, '../../../config/report-requirements.md'),
          path.resolve(__dirname, '../../../../config/report-requirements.md'),
          path.resolve(process.cwd(), 'config/report-requirements.md'),
        ];
    for (const file of candidates) {
      if (existsSync(file)) return readFileSync(file, 'utf8');
    }
    return FALLBACK_REQUIREMENTS;
  }

  // ---- aggregates (one query each) ----

  private e(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  private async raw(sql: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return (await this.dataSource.query(query, values)) as Record<string, unknown>[];
  }

  /** Accounts open at `asOf`: opened before it and not deregistered by then. */
  private openAt(alias: string): string {
    const e = this.e.bind(this);
    return `${alias}.${e('opened_at')} IS NOT NULL AND ${alias}.${e('opened_at')} < :asOf AND (${alias}.${e('deregistered_at')} IS NULL OR ${alias}.${e('deregistered_at')} >= :asOf)`;
  }

  private async unitFacts(from: Date): Promise<UnitFacts[]> {
    const e = this.e.bind(this);
    const rows = await this.raw(
      `SELECT u.${e('id')} AS id, u.${e('name')} AS name, u.${e('code')} AS code, u.${e('status')} AS status, u.${e('abolished_at')} AS abolished_at,
        (SELECT COUNT(*) FROM ${e('accounts')} a WHERE a.${e('unit_id')} = u.${e('id')}) AS accounts
       FROM ${e('units')} u WHERE u.${e('status')} <> 'abolished' OR u.${e('abolished_at')} >= :from`,
      { from },
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      code: r.code === null || r.code === undefined ? null : String(r.code),
      status: String(r.status),
      abolishedAt: toDate(r.abolished_at),
      accountsEver: Number(r.accounts) || 0,
    }));
  }

  private async postCounts(from: Date, asOf: Date): Promise<Map<number, { posts: number; reposts: number }>> {
    const e = this.e.bind(this);
    const rows = await this.raw(
      `SELECT a.${e('unit_id')} AS unit_id,
         SUM(CASE WHEN p.${e('is_repost')} = :yes THEN 0 ELSE 1 END) AS posts,
         SUM(CASE WHEN p.${e('is_repost')} = :yes THEN 1 ELSE 0 END) AS reposts
       FROM ${e('posts')} p INNER JOIN ${e('accounts')} a ON a.${e('id')} = p.${e('account_id')}
       WHERE p.${e('published_at')} >= :from AND p.${e('published_at')} < :asOf
       GROUP BY a.${e('unit_id')}`,
      { from, asOf, yes: true },
    );
    return new Map(rows.map((r) => [Number(r.unit_id), { posts: Number(r.posts) || 0, reposts: Number(r.reposts) || 0 }]));
  }

  private async openAccounts(asOf: Date): Promise<Map<number, Record<string, number>>> {
    const e = this.e.bind(this);
    const rows = await this.raw(
      `SELECT a.${e('unit_id')} AS unit_id, a.${e('platform')} AS platform, COUNT(*) AS n FROM ${e('accounts')} a WHERE ${this.openAt('a')} GROUP BY a.${e('unit_id')}, a.${e('platform')}`,
      { asOf },
    );
    const map = new Map<number, Record<string, number>>();
    for (const r of rows) {
      const unitId = Number(r.unit_id);
      const entry = map.get(unitId) ?? {};
      entry[String(r.platform)] = Number(r.n) || 0;
      map.set(unitId, entry);
    }
    return map;
  }

  private async taskCount(from: Date, to: Date): Promise<number> {
    const e = this.e.bind(this);
    const rows = await this.raw(`SELECT COUNT(*) AS n FROM ${e('repost_tasks')} t WHERE t.${e('issued_at')} >= :from AND t.${e('issued_at')} < :to`, { from, to });
    return Number(rows[0]?.n) || 0;
  }

  /**
   * Columns of accounts open at `asOf` that were broken then: the column's current health for the
   * current quarter; for a past quarter the latest link check at or before the end of the period
   * (a column with no check by then does not count, whenever it was created).
   */
  private async brokenColumns(asOf: Date, current: boolean): Promise<Map<number, number>> {
    const e = this.e.bind(this);
    const rows = current
      ? await this.raw(
          `SELECT a.${e('unit_id')} AS unit_id, COUNT(*) AS n FROM ${e('columns')} c INNER JOIN ${e('accounts')} a ON a.${e('id')} = c.${e('account_id')}
           WHERE c.${e('health')} = 'broken' AND ${this.openAt('a')} GROUP BY a.${e('unit_id')}`,
          { asOf },
        )
      : await this.raw(
          `SELECT x.unit_id AS unit_id, COUNT(*) AS n FROM (
             SELECT a.${e('unit_id')} AS unit_id,
               (SELECT lc.${e('health')} FROM ${e('link_checks')} lc WHERE lc.${e('column_id')} = c.${e('id')} AND lc.${e('checked_at')} <= :asOf ORDER BY lc.${e('checked_at')} DESC, lc.${e('id')} DESC LIMIT 1) AS health
             FROM ${e('columns')} c INNER JOIN ${e('accounts')} a ON a.${e('id')} = c.${e('account_id')}
             WHERE ${this.openAt('a')}) x
           WHERE x.health = 'broken' GROUP BY x.unit_id`,
          { asOf },
        );
    return new Map(rows.map((r) => [Number(r.unit_id), Number(r.n) || 0]));
  }

  /** Every account open at `asOf` with its latest post at or before then (one index seek per account). */
  private async lastPosts(asOf: Date): Promise<{ id: number; name: string; platform: string; unitId: number; openedAt: Date; lastPostAt: Date | null }[]> {
    const e = this.e.bind(this);
    const rows = await this.raw(
      `SELECT a.${e('id')} AS id, a.${e('name')} AS name, a.${e('platform')} AS platform, a.${e('unit_id')} AS unit_id, a.${e('opened_at')} AS opened_at,
         (SELECT p.${e('published_at')} FROM ${e('posts')} p WHERE p.${e('account_id')} = a.${e('id')} AND p.${e('published_at')} < :asOf ORDER BY p.${e('published_at')} DESC LIMIT 1) AS last_post
       FROM ${e('accounts')} a WHERE ${this.openAt('a')}`,
      { asOf },
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      platform: String(r.platform),
      unitId: Number(r.unit_id),
      openedAt: toDate(r.opened_at)!,
      lastPostAt: toDate(r.last_post),
    }));
  }

  private async insertTarget(manager: EntityManager, fields: Pick<Target, 'quarter' | 'unitId' | 'posts' | 'reposts' | 'updatedBy'>): Promise<void> {
    const target = manager.create(Target, fields);
    await manager.save(target);
  }

  /** The quarter asked for (400 when malformed), or the current one in APP_TIMEZONE. */
  quarterOrCurrent(text: string | undefined): string {
    return text === undefined ? formatQuarter(quarterOf(new Date(), this.config.appTimezone)) : this.parse(text);
  }

  private parse(text: unknown): string {
    const quarter = parseQuarter(text);
    if (!quarter) throw fieldError('quarter', `季度(quarter)格式应为 YYYYQn,例如 2023Q3,收到“${String(text ?? '').slice(0, 20)}”`);
    return formatQuarter(quarter);
  }
}

/** A datetime as the driver returns it: a Date (MySQL) or `YYYY-MM-DD HH:MM:SS.SSS` in UTC (SQLite). */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
