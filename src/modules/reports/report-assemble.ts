/**
 * Turns the per-unit aggregates the report service reads (one GROUP BY query each) into the
 * quarterly report: which units appear, targets and `met`, the unit lists and problems. Pure.
 */
import { chineseQuarter } from '../../common/quarter';
import { platformRegistry } from '../platforms/platform-registry';
import type { FindingGroup, ReportBulletin, InactiveAccount, OverdueRecertification, QuarterlyReport, ReportUnitRow, TargetSource, TargetValue } from './report.types';
import { rectificationsOfUnit } from './report-rectifications';

/**
 * The platforms the report counts accounts on (its `accountsByPlatform` keys and the columns of
 * the statistics table), in the registry's order: v1's platforms always, any other once a
 * listed unit has an opened account on it.
 */
export function reportPlatforms(accountsOpen: Iterable<Record<string, number>>): string[] {
  const used = new Set<string>();
  for (const byPlatform of accountsOpen) for (const [code, count] of Object.entries(byPlatform)) if (count > 0) used.add(code);
  return platformRegistry.reportColumns(used);
}

export interface UnitFacts {
  id: number;
  name: string;
  code: string | null;
  status: string;
  abolishedAt: Date | null;
  /** Accounts (any state) that point at the unit. */
  accountsEver: number;
}

export interface ReportInputs {
  quarter: string;
  quarterLabel: string;
  from: Date;
  to: Date;
  asOf: Date;
  current: boolean;
  generatedAt: Date;
  inactiveDays: number;
  units: UnitFacts[];
  defaultTarget: TargetValue | null;
  unitTargets: Map<number, TargetValue>;
  posts: Map<number, { posts: number; reposts: number }>;
  accountsOpen: Map<number, Record<string, number>>;
  repost: Map<number, { required: number; done: number; late: number; missing: number; pending: number }>;
  repostTasks: number;
  brokenColumns: Map<number, number>;
  lastPostAt: Map<number, Date>;
  inactiveAccounts: InactiveAccount[];
  recertifyOverdue: OverdueRecertification[];
  findings: { kind: string; label: string; unitId: number | null; count: number }[];
  bulletin: ReportBulletin;
}

/** Which units a report lists (documented in README): active at the end of the period, plus units abolished during it that had accounts. */
export function unitsInReport(units: UnitFacts[], from: Date, asOf: Date): UnitFacts[] {
  return units.filter((u) => {
    if (u.status !== 'abolished') return true;
    if (!u.abolishedAt) return false;
    if (u.abolishedAt.getTime() >= asOf.getTime()) return true;
    return u.abolishedAt.getTime() >= from.getTime() && u.accountsEver > 0;
  });
}

/** Unit lists are ordered by unit code (units without one last), then name. */
export function byUnitOrder(a: { unitCode: string | null; unitName: string }, b: { unitCode: string | null; unitName: string }): number {
  if (a.unitCode !== b.unitCode) {
    if (a.unitCode === null) return 1;
    if (b.unitCode === null) return -1;
    return a.unitCode < b.unitCode ? -1 : 1;
  }
  return a.unitName < b.unitName ? -1 : a.unitName > b.unitName ? 1 : 0;
}

/**
 * `met` = posts ≥ targetPosts and reposts ≥ targetReposts, with the unit's own target, else the
 * quarter's default. With no target at all a unit has met it when it published at least once
 * (a unit that posted nothing has never "met" anything).
 */
export function targetFor(unitId: number, unitTargets: Map<number, TargetValue>, defaultTarget: TargetValue | null): { target: TargetValue; source: TargetSource } {
  const own = unitTargets.get(unitId);
  if (own) return { target: own, source: 'unit' };
  if (defaultTarget) return { target: defaultTarget, source: 'default' };
  return { target: { posts: 0, reposts: 0 }, source: 'none' };
}

export function isMet(posts: number, reposts: number, target: TargetValue, source: TargetSource): boolean {
  if (source === 'none') return posts > 0;
  return posts >= target.posts && reposts >= target.reposts;
}

export function assembleReport(input: ReportInputs): QuarterlyReport {
  const listed = unitsInReport(input.units, input.from, input.asOf);
  const listedIds = new Set(listed.map((u) => u.id));
  const inactiveByUnit = new Map<number, number>();
  for (const a of input.inactiveAccounts) if (listedIds.has(a.unitId)) inactiveByUnit.set(a.unitId, (inactiveByUnit.get(a.unitId) ?? 0) + 1);
  const overdueByUnit = new Map<number, number>();
  for (const a of input.recertifyOverdue) if (listedIds.has(a.unitId)) overdueByUnit.set(a.unitId, (overdueByUnit.get(a.unitId) ?? 0) + 1);
  const findingsByUnit = new Map<number, number>();
  for (const f of input.findings) if (f.unitId !== null) findingsByUnit.set(f.unitId, (findingsByUnit.get(f.unitId) ?? 0) + f.count);

  const platforms = reportPlatforms(listed.map((u) => input.accountsOpen.get(u.id) ?? {}));
  const rows: ReportUnitRow[] = listed.map((u) => {
    const counts = input.posts.get(u.id) ?? { posts: 0, reposts: 0 };
    const { target, source } = targetFor(u.id, input.unitTargets, input.defaultTarget);
    const byPlatform = input.accountsOpen.get(u.id) ?? {};
    const repost = input.repost.get(u.id) ?? { required: 0, done: 0, late: 0, missing: 0, pending: 0 };
    const met = isMet(counts.posts, counts.reposts, target, source);
    const brokenColumns = input.brokenColumns.get(u.id) ?? 0;
    const inactive = inactiveByUnit.get(u.id) ?? 0;
    const openFindings = findingsByUnit.get(u.id) ?? 0;
    const problems: string[] = [];
    // A unit without a target for the quarter has no 发布数量不足 line (api.md v1.1).
    if (source !== 'none' && counts.posts === 0) problems.push('信息发布为0');
    else if (source !== 'none' && !met) problems.push('未完成发布任务');
    if (source !== 'none' && counts.posts > 0 && counts.reposts < target.reposts) problems.push('转发数量不足');
    if (repost.missing > 0) problems.push(`未完成转发任务${repost.missing}项`);
    if (repost.late > 0) problems.push(`逾期转发${repost.late}项`);
    if (brokenColumns > 0) problems.push(`栏目链接无法访问${brokenColumns}个`);
    if (inactive > 0) problems.push(`${inactive}个账号超过${input.inactiveDays}天未更新`);
    const overdue = overdueByUnit.get(u.id) ?? 0;
    if (overdue > 0) problems.push(`${overdue}个账号逾期未核查`);
    if (openFindings > 0) problems.push(`未整改风险${openFindings}条`);
    const last = input.lastPostAt.get(u.id);
    return {
      unitId: u.id,
      unitName: u.name,
      unitCode: u.code,
      unitStatus: u.status === 'abolished' && u.abolishedAt && u.abolishedAt.getTime() < input.asOf.getTime() ? 'abolished' : 'active',
      posts: counts.posts,
      reposts: counts.reposts,
      targetPosts: target.posts,
      targetReposts: target.reposts,
      targetSource: source,
      met,
      accountsOpen: Object.values(byPlatform).reduce((s, n) => s + n, 0),
      accountsByPlatform: Object.fromEntries(platforms.map((p) => [p, byPlatform[p] ?? 0])),
      repostTasks: repost,
      brokenColumns,
      lastPostAt: last ? last.toISOString() : null,
      inactiveAccounts: inactive,
      recertifyOverdue: overdue,
      openFindings,
      problems,
    };
  });
  rows.sort(byUnitOrder);

  const names = (pick: (r: ReportUnitRow) => boolean) => rows.filter(pick).map((r) => r.unitName);
  const order = new Map(rows.map((r, i) => [r.unitId, i]));
  const unitName = new Map(rows.map((r) => [r.unitId, r.unitName]));
  const inactiveAccounts = input.inactiveAccounts
    .filter((a) => listedIds.has(a.unitId))
    .sort((a, b) => order.get(a.unitId)! - order.get(b.unitId)! || (a.lastPostAt ?? '').localeCompare(b.lastPostAt ?? '') || a.accountId - b.accountId);

  const groups = new Map<string, FindingGroup & { unitIds: Set<number> }>();
  for (const f of input.findings) {
    const g = groups.get(f.kind) ?? { kind: f.kind, label: f.label, count: 0, units: [], unitIds: new Set<number>() };
    g.count += f.count;
    if (f.unitId !== null && unitName.has(f.unitId)) g.unitIds.add(f.unitId);
    groups.set(f.kind, g);
  }
  const findings: FindingGroup[] = [...groups.values()].map((g) => ({
    kind: g.kind,
    label: g.label,
    count: g.count,
    units: [...g.unitIds].sort((a, b) => order.get(a)! - order.get(b)!).map((id) => unitName.get(id)!),
  }));

  const sum = (pick: (r: ReportUnitRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return {
    quarter: input.quarter,
    quarterLabel: input.quarterLabel,
    period: { from: input.from.toISOString(), to: input.to.toISOString() },
    asOf: input.asOf.toISOString(),
    current: input.current,
    status: 'live',
    publishedAt: null,
    publishedBy: null,
    generatedAt: input.generatedAt.toISOString(),
    inactiveDays: input.inactiveDays,
    defaultTarget: input.defaultTarget,
    totals: {
      posts: sum((r) => r.posts),
      reposts: sum((r) => r.reposts),
      accountsOpen: sum((r) => r.accountsOpen),
      units: rows.length,
      accountsByPlatform: Object.fromEntries(platforms.map((p) => [p, sum((r) => r.accountsByPlatform[p] ?? 0)])),
      repostTasks: {
        tasks: input.repostTasks,
        required: sum((r) => r.repostTasks.required),
        done: sum((r) => r.repostTasks.done),
        late: sum((r) => r.repostTasks.late),
        missing: sum((r) => r.repostTasks.missing),
        pending: sum((r) => r.repostTasks.pending),
      },
      brokenColumns: sum((r) => r.brokenColumns),
      openFindings: input.findings.reduce((s, f) => s + f.count, 0),
    },
    units: rows,
    goodUnits: names((r) => r.met),
    unmetUnits: names((r) => !r.met && r.targetSource !== 'none'),
    zeroPostUnits: names((r) => r.posts + r.reposts === 0),
    repostNonCompliantUnits: names((r) => r.repostTasks.late + r.repostTasks.missing > 0),
    brokenLinkUnits: names((r) => r.brokenColumns > 0),
    inactiveAccounts,
    recertifyOverdueAccounts: input.recertifyOverdue
      .filter((a) => listedIds.has(a.unitId))
      .sort((a, b) => order.get(a.unitId)! - order.get(b.unitId)! || a.accountId - b.accountId),
    findings,
    bulletin: input.bulletin,
  };
}

/** `2023Q3` → `2023年第三季度` (never 第3季度: api.md v1.1, "Reports"). */
export function quarterLabel(quarter: string): string {
  return chineseQuarter(quarter);
}

/** What an operator may see: only their own unit's row and the lists narrowed to it. */
export function scopeToUnit(report: QuarterlyReport, unitId: number): QuarterlyReport {
  const rows = report.units.filter((r) => r.unitId === unitId);
  const mine = new Set(rows.map((r) => r.unitName));
  const keep = (list: string[]) => list.filter((n) => mine.has(n));
  const row = rows[0];
  return {
    ...report,
    totals: {
      ...report.totals,
      posts: row?.posts ?? 0,
      reposts: row?.reposts ?? 0,
      accountsOpen: row?.accountsOpen ?? 0,
      units: rows.length,
      accountsByPlatform: row?.accountsByPlatform ?? {},
      repostTasks: { tasks: report.totals.repostTasks.tasks, ...(row?.repostTasks ?? { required: 0, done: 0, late: 0, missing: 0, pending: 0 }) },
      brokenColumns: row?.brokenColumns ?? 0,
      openFindings: row?.openFindings ?? 0,
    },
    units: rows,
    goodUnits: keep(report.goodUnits),
    unmetUnits: keep(report.unmetUnits),
    zeroPostUnits: keep(report.zeroPostUnits),
    repostNonCompliantUnits: keep(report.repostNonCompliantUnits),
    brokenLinkUnits: keep(report.brokenLinkUnits),
    inactiveAccounts: report.inactiveAccounts.filter((a) => a.unitId === unitId),
    inspection: report.inspection ? { ...report.inspection, failed: report.inspection.failed.filter((a) => a.unitId === unitId) } : report.inspection,
    recertifyOverdueAccounts: report.recertifyOverdueAccounts?.filter((a) => a.unitId === unitId),
    impostors: report.impostors?.filter((c) => c.unitId === unitId),
    findings: report.findings.map((f) => ({ ...f, units: keep(f.units) })).filter((f) => f.units.length > 0),
    rectifications: rectificationsOfUnit(report.rectifications, unitId, row?.unitName ?? ''),
  };
}
