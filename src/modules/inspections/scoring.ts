/**
 * Scores and verdicts of an inspection (api.md v1.1): any veto item hit fails the account (score
 * 0); otherwise 100 minus each deduction item's points × count (capped per item) plus the capped
 * bonuses, never below 0; below 60 fails. Pure.
 */
import type { Indicator } from './indicators';

export const PASS_MARK = 60;
const FULL_MARKS = 100;

/** What stands behind one hit: a finding, a column, a post, a task, a unit's figures or a manual note. */
export interface Evidence {
  kind: 'finding' | 'column' | 'post' | 'task' | 'unit' | 'manual';
  id?: number | null;
  title?: string | null;
  url?: string | null;
  at?: string | null;
  note?: string | null;
}

/** How often one indicator hit an account, and why. */
export interface ItemHit {
  code: string;
  count: number;
  evidence: Evidence[];
}

/** A manual entry (PUT …/manual): `hit` false records that the item was checked and not hit. */
export interface ManualEntry {
  code: string;
  hit: boolean;
  count?: number | null;
  note?: string | null;
  evidenceUrl?: string | null;
}

export interface ScoredItem {
  code: string;
  name: string;
  count: number;
  points: number;
  evidence: Evidence[];
}

export interface AccountScore {
  score: number;
  verdict: 'pass' | 'fail';
  vetoes: Omit<ScoredItem, 'count' | 'points'>[];
  deductions: ScoredItem[];
  bonuses: ScoredItem[];
}

/** Auto hits and manual entries of one code add up; a manual hit counts `count` (default 1). */
export function mergeHits(auto: readonly ItemHit[], manual: readonly ManualEntry[]): ItemHit[] {
  const byCode = new Map<string, ItemHit>();
  for (const hit of auto) if (hit.count > 0) byCode.set(hit.code, { code: hit.code, count: hit.count, evidence: [...hit.evidence] });
  for (const entry of manual) {
    if (!entry.hit) continue;
    const count = entry.count && entry.count > 0 ? entry.count : 1;
    const current = byCode.get(entry.code) ?? { code: entry.code, count: 0, evidence: [] };
    current.count += count;
    current.evidence.push({ kind: 'manual', url: entry.evidenceUrl ?? null, note: entry.note ?? null });
    byCode.set(entry.code, current);
  }
  return [...byCode.values()];
}

/** The score of one account under `indicators` (the round's frozen set); hits of unknown codes are ignored. */
export function scoreAccount(indicators: readonly Indicator[], hits: readonly ItemHit[]): AccountScore {
  const byCode = new Map(hits.filter((h) => h.count > 0).map((h) => [h.code, h]));
  const result: AccountScore = { score: FULL_MARKS, verdict: 'pass', vetoes: [], deductions: [], bonuses: [] };
  let deducted = 0;
  let added = 0;
  for (const indicator of indicators) {
    const hit = byCode.get(indicator.code);
    if (!hit) continue;
    if (indicator.type === 'veto') {
      result.vetoes.push({ code: indicator.code, name: indicator.name, evidence: hit.evidence });
      continue;
    }
    const points = Math.min(indicator.cap, indicator.points * hit.count);
    const item = { code: indicator.code, name: indicator.name, count: hit.count, points, evidence: hit.evidence };
    if (indicator.type === 'deduction') {
      deducted += points;
      result.deductions.push(item);
    } else {
      added += points;
      result.bonuses.push(item);
    }
  }
  result.score = result.vetoes.length ? 0 : Math.max(0, round2(FULL_MARKS - deducted + added));
  result.verdict = result.vetoes.length || result.score < PASS_MARK ? 'fail' : 'pass';
  return result;
}

/** The reasons a person reads in a table: 单项否决 items first, then deductions with their points. */
export function reasonsOf(score: Pick<AccountScore, 'vetoes' | 'deductions'>): string[] {
  return [...score.vetoes.map((v) => `${v.name}（单项否决）`), ...score.deductions.map((d) => `${d.name}${d.count > 1 ? ` ${d.count} 处` : ''}（扣 ${d.points} 分）`)];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export interface VerdictRow {
  unitId: number;
  unitName: string;
  platform: string;
  verdict: 'pass' | 'fail';
  recheck: boolean;
}

export interface PassFigures {
  accounts: number;
  passed: number;
  failed: number;
  passRate: number;
}

export interface RoundSummary extends PassFigures {
  rechecked: number;
  fixed: number;
  byUnit: (PassFigures & { unitId: number; unitName: string })[];
  byPlatform: (PassFigures & { platform: string })[];
}

/** 合格率 overall, by unit and by platform, counted from the per-account rows (so they always agree). */
export function summarise(rows: readonly VerdictRow[], unitOrder: (a: number, b: number) => number = (a, b) => a - b): RoundSummary {
  const units = new Map<number, PassFigures & { unitId: number; unitName: string }>();
  const platforms = new Map<string, PassFigures & { platform: string }>();
  const total = figures();
  let rechecked = 0;
  let fixed = 0;
  for (const row of rows) {
    const unit = units.get(row.unitId) ?? { unitId: row.unitId, unitName: row.unitName, ...figures() };
    const platform = platforms.get(row.platform) ?? { platform: row.platform, ...figures() };
    for (const f of [total, unit, platform]) count(f, row.verdict);
    units.set(row.unitId, unit);
    platforms.set(row.platform, platform);
    if (row.recheck) {
      rechecked++;
      if (row.verdict === 'pass') fixed++;
    }
  }
  const byUnit = [...units.values()].sort((a, b) => unitOrder(a.unitId, b.unitId));
  const byPlatform = [...platforms.values()].sort((a, b) => a.platform.localeCompare(b.platform));
  return { ...rate(total), rechecked, fixed, byUnit: byUnit.map(rate), byPlatform: byPlatform.map(rate) };
}

function figures(): PassFigures {
  return { accounts: 0, passed: 0, failed: 0, passRate: 0 };
}

function count(f: PassFigures, verdict: 'pass' | 'fail'): void {
  f.accounts++;
  if (verdict === 'pass') f.passed++;
  else f.failed++;
}

function rate<T extends PassFigures>(f: T): T {
  return { ...f, passRate: f.accounts ? Math.round((f.passed / f.accounts) * 10000) / 10000 : 0 };
}
