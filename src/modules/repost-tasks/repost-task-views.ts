import { fieldError } from '../../common/validation';
import type { RepostStatus } from './matching/match';
import type { RepostTask, RepostTaskResult } from './repost-task.entity';
import type { RepostEvidenceView, RepostTaskView } from './repost-tasks.responses';

// Pure helpers shared by the repost-task services: presenting tasks and ordering units.

export function assertWindow(issuedAt: Date, dueAt: Date): void {
  if (dueAt.getTime() <= issuedAt.getTime()) throw fieldError('dueAt', '截止时间必须晚于下达时间');
}

export function present(task: RepostTask): RepostTaskView {
  return {
    id: task.id,
    title: task.title,
    sourceUrl: task.sourceUrl,
    sourceName: task.sourceName,
    issuedAt: task.issuedAt,
    dueAt: task.dueAt,
    platforms: task.platforms,
    unitIds: task.unitIds,
    editable: Date.now() < task.dueAt.getTime(),
    computedAt: task.computedAt,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}

export function snapshot(task: RepostTask): Record<string, unknown> {
  return {
    title: task.title,
    sourceUrl: task.sourceUrl,
    sourceName: task.sourceName,
    issuedAt: task.issuedAt,
    dueAt: task.dueAt,
    platforms: task.platforms,
    unitIds: task.unitIds,
  };
}

export function byId<T extends { id: number }>(rows: T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

export function evidenceOf(r: RepostTaskResult): RepostEvidenceView {
  return {
    ...(r.postId !== null ? { postId: r.postId } : {}),
    ...(r.confirmationId !== null ? { confirmationId: r.confirmationId } : {}),
    url: r.evidenceUrl,
    postedAt: r.postedAt!,
    matchedBy: r.matchedBy!,
  };
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

/** Required accounts by status, for the 全部 / 未完成 counts. */
export function countByStatus(results: Pick<RepostTaskResult, 'status'>[]): { all: number; done: number; late: number; missing: number } {
  const counts = { all: results.length, done: 0, late: 0, missing: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

interface UnitRows<A extends { status: RepostStatus }> {
  accounts: A[];
}

/**
 * The units with accounts in `status` (only those accounts), one page of them when `pageSize`
 * is given, else all: a task owes at most one row per account, so this is done in memory.
 */
export function pageOfUnits<A extends { status: RepostStatus }, U extends UnitRows<A>>(
  units: U[],
  query: { status?: RepostStatus; page?: number; pageSize?: number },
): { items: U[]; total: number; page: number; pageSize: number | null } {
  const wanted = query.status;
  const matching = wanted ? units.map((u) => ({ ...u, accounts: u.accounts.filter((a) => a.status === wanted) })).filter((u) => u.accounts.length > 0) : units;
  if (!query.pageSize) return { items: matching, total: matching.length, page: 1, pageSize: null };
  const page = query.page ?? 1;
  return { items: matching.slice((page - 1) * query.pageSize, page * query.pageSize), total: matching.length, page, pageSize: query.pageSize };
}
