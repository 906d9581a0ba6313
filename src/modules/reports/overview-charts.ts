/**
 * The figures behind the 总览 charts (GET /api/reports/overview-charts): the quarter's calendar
 * weeks and the per-unit rows against their targets. Pure.
 */
import { wallTimeToUtc, zoneOffsetMinutes } from '../../common/time';
import { byUnitOrder, targetFor, unitsInReport, type UnitFacts } from './report-assemble';
import type { TargetValue } from './report.types';

export interface WeekBucket {
  start: Date;
  end: Date;
}

/**
 * The calendar weeks (Monday to Sunday in `timeZone`) of the period [from, to) that have begun by
 * `asOf`, the first and last clipped to the period. A quarter rarely starts on a Monday, so its
 * first week is short, and each bar of the trend stays one calendar week the office recognises.
 */
export function weekBuckets(from: Date, to: Date, asOf: Date, timeZone: string): WeekBucket[] {
  // The wall-clock date of `from` (a local midnight): shift by the zone offset, read as UTC.
  const local = new Date(from.getTime() + zoneOffsetMinutes(from, timeZone) * 60000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const weekday = local.getUTCDay(); // 0 = Sunday
  const untilMonday = weekday === 1 ? 7 : (8 - weekday) % 7;
  const buckets: WeekBucket[] = [];
  let start = from;
  for (let offset = untilMonday; start.getTime() < to.getTime() && start.getTime() < asOf.getTime(); offset += 7) {
    // Date.UTC (inside wallTimeToUtc) carries a day past the month's end into the next month.
    const next = wallTimeToUtc({ year, month, day: day + offset }, timeZone);
    const end = next.getTime() < to.getTime() ? next : to;
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

/** Which bucket an instant falls in, or -1 (for tests and for callers without SQL). */
export function bucketIndex(buckets: WeekBucket[], instant: Date): number {
  const t = instant.getTime();
  return buckets.findIndex((b) => b.start.getTime() <= t && t < b.end.getTime());
}

/** The instant a week's broken-link count is read at: its end, or `asOf` for the week still running. */
export function weekReadingTime(bucket: WeekBucket, asOf: Date): Date {
  return bucket.end.getTime() < asOf.getTime() ? bucket.end : asOf;
}

export interface UnitPostsRow {
  unitId: number;
  unitName: string;
  posts: number;
  reposts: number;
  /** null: no target applies to the unit this quarter (neither its own nor a default). */
  targetPosts: number | null;
  targetReposts: number | null;
}

/** The report's units (same rule as the bulletin) with their posts and the target that applies, in unit-code order. */
export function unitPostRows(input: {
  units: UnitFacts[];
  from: Date;
  asOf: Date;
  posts: Map<number, { posts: number; reposts: number }>;
  unitTargets: Map<number, TargetValue>;
  defaultTarget: TargetValue | null;
  only: number | null;
}): UnitPostsRow[] {
  return unitsInReport(input.units, input.from, input.asOf)
    .filter((u) => input.only === null || u.id === input.only)
    .map((u) => ({ u, key: { unitCode: u.code, unitName: u.name } }))
    .sort((a, b) => byUnitOrder(a.key, b.key))
    .map(({ u }) => {
      const counts = input.posts.get(u.id) ?? { posts: 0, reposts: 0 };
      const { target, source } = targetFor(u.id, input.unitTargets, input.defaultTarget);
      const none = source === 'none';
      return { unitId: u.id, unitName: u.name, posts: counts.posts, reposts: counts.reposts, targetPosts: none ? null : target.posts, targetReposts: none ? null : target.reposts };
    });
}

/** Open accounts and posts per platform code, summed over the units in scope, platforms with neither left out. */
export function platformRows(
  accountsOpen: Map<number, Record<string, number>>,
  postsByPlatform: { id: number | string; posts: string | number }[],
  only: number | null,
): { platform: string; openAccounts: number; posts: number }[] {
  const rows = new Map<string, { platform: string; openAccounts: number; posts: number }>();
  const row = (platform: string) => rows.get(platform) ?? rows.set(platform, { platform, openAccounts: 0, posts: 0 }).get(platform)!;
  for (const [unitId, byPlatform] of accountsOpen) {
    if (only !== null && unitId !== only) continue;
    for (const [platform, n] of Object.entries(byPlatform)) row(platform).openAccounts += n;
  }
  for (const p of postsByPlatform) row(String(p.id)).posts += Number(p.posts) || 0;
  return [...rows.values()].filter((r) => r.openAccounts > 0 || r.posts > 0).sort((a, b) => b.openAccounts - a.openAccounts || b.posts - a.posts);
}
