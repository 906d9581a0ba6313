/**
 * How a round and its accounts are shown: the stored score and verdict, and the breakdown
 * (vetoes, deductions, bonuses with evidence) re-derived from the stored items and the round's
 * frozen indicator set — the same inputs that gave the stored score. Pure.
 */
import type { Indicator } from './indicators';
import type { InspectionAccount, InspectionEvaluation, InspectionItemResult, InspectionManualItem, InspectionRound } from './inspection.entities';
import { mergeHits, reasonsOf, RoundSummary, scoreAccount, ScoredItem } from './scoring';

export interface AccountResultView {
  accountId: number;
  name: string;
  platform: string;
  unitId: number;
  unitName: string;
  evaluated: boolean;
  score: number;
  verdict: 'pass' | 'fail';
  recheck: boolean;
  fixed: boolean;
  reasons: string[];
  vetoes: Omit<ScoredItem, 'count' | 'points'>[];
  deductions: ScoredItem[];
  bonuses: ScoredItem[];
  manual: { code: string; hit: boolean; count: number | null; note: string | null; evidenceUrl: string | null; enteredBy: string | null; enteredAt: string }[];
}

export function accountView(indicators: readonly Indicator[], row: InspectionAccount, auto: InspectionItemResult[], manual: InspectionManualItem[]): AccountResultView {
  const breakdown = scoreAccount(indicators, mergeHits(auto, manual));
  const verdict = row.verdict ?? 'pass';
  return {
    accountId: row.accountId,
    name: row.name,
    platform: row.platform,
    unitId: row.unitId,
    unitName: row.unitName,
    evaluated: row.verdict !== null,
    score: row.score ?? 100,
    verdict,
    recheck: row.recheck,
    fixed: row.recheck && row.verdict === 'pass',
    reasons: reasonsOf(breakdown),
    vetoes: breakdown.vetoes,
    deductions: breakdown.deductions,
    bonuses: breakdown.bonuses,
    manual: manual.map((m) => ({
      code: m.code,
      hit: m.hit,
      count: m.count,
      note: m.note,
      evidenceUrl: m.evidenceUrl,
      enteredBy: m.enteredBy,
      enteredAt: new Date(m.enteredAt).toISOString(),
    })),
  };
}

export interface RoundView {
  id: number;
  quarter: string;
  inspectionDate: string;
  status: 'open' | 'final';
  sampleRate: number;
  seed: number;
  unitIds: number[] | null;
  platforms: string[] | null;
  accounts: number;
  recheckOf: number | null;
  indicators: Indicator[];
  evaluation: { id: number; status: string; done: number; total: number; error: string | null; finishedAt: string | null } | null;
  evaluatedAt: string | null;
  finalizedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  summary?: RoundSummary;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function roundView(round: InspectionRound, accounts: number, evaluation: InspectionEvaluation | null, summary?: RoundSummary): RoundView {
  return {
    id: round.id,
    quarter: round.quarter,
    inspectionDate: new Date(round.inspectionDate).toISOString(),
    status: round.status,
    sampleRate: Number(round.sampleRate),
    seed: round.seed,
    unitIds: round.unitIds,
    platforms: round.platforms,
    accounts,
    recheckOf: round.recheckOfId,
    indicators: round.indicators,
    evaluation: evaluation
      ? { id: evaluation.id, status: evaluation.status, done: evaluation.done, total: evaluation.total, error: evaluation.error, finishedAt: iso(evaluation.finishedAt) }
      : null,
    evaluatedAt: iso(round.evaluatedAt),
    finalizedAt: iso(round.finalizedAt),
    createdBy: round.createdBy,
    createdAt: new Date(round.createdAt).toISOString(),
    ...(summary ? { summary } : {}),
  };
}
