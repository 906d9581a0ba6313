/**
 * The auto indicator items of one account, from the facts as they stood at the inspection date
 * (api.md v1.1). The read model (reporting/inspection-facts.repository.ts) gathers the facts for every
 * account of a round in a few queries; this decides what they mean. Pure.
 */
import type { ColumnFact, FindingRow, PostFact, TaskFact } from '../reporting/inspection-facts.types';
import type { AutoCode } from './indicators';
import type { Evidence, ItemHit } from './scoring';
import { maskPersonalNumbers } from '../../common/personal-numbers';

export type { CandidateAccount, ColumnFact, FindingRow, PostFact, TaskFact } from '../reporting/inspection-facts.types';

/** Finding kinds behind the veto items (detectors that may be registered later keep these names). */
export const PRIVACY_LEAK_KIND = 'privacy_leak';
export const LEADER_TITLE_KIND = 'leader_title_error';
export const ERROR_WORD_KIND = 'error_word';
/** The finding kinds the auto items read. */
export const FINDING_KINDS = [PRIVACY_LEAK_KIND, LEADER_TITLE_KIND, ERROR_WORD_KIND];

export interface FindingFact {
  id: number;
  kind: string;
  /** `serious` when the detector or the word says so; a word without a severity is general. */
  severity: 'serious' | 'general';
  message: string;
  /** When what the evidence shows happened (a post's time, else when it was detected). */
  evidenceAt: Date;
  url: string | null;
}

export interface AccountFacts {
  accountId: number;
  /** Posts (and reposts) in the window before the inspection date. */
  recentPosts: number;
  /** The latest post before the inspection date, if any (evidence of 内容不更新). */
  lastPost: PostFact | null;
  windowDays: number;
  /** The unit's posts in the quarter up to the inspection date, and its target (null: none set). */
  unitPosts: number;
  unitTarget: number | null;
  findings: FindingFact[];
  brokenColumns: ColumnFact[];
  missedTasks: TaskFact[];
}

const iso = (d: Date) => d.toISOString();

const findingEvidence = (f: FindingFact): Evidence => ({ kind: 'finding', id: f.id, title: f.message, url: f.url, at: iso(f.evidenceAt) });

/** Every auto item that hit the account (count > 0), each with what stands behind it. */
export function autoHits(facts: AccountFacts): ItemHit[] {
  const hits: Record<AutoCode, Evidence[]> = {
    security_leak: facts.findings.filter((f) => f.kind === PRIVACY_LEAK_KIND).map(findingEvidence),
    serious_error: facts.findings.filter((f) => f.kind === LEADER_TITLE_KIND || (f.kind === ERROR_WORD_KIND && f.severity === 'serious')).map(findingEvidence),
    no_update: facts.recentPosts > 0 ? [] : [noUpdateEvidence(facts)],
    stale_update:
      facts.unitTarget !== null && facts.unitPosts < facts.unitTarget ? [{ kind: 'unit', note: `所属单位本季度发布 ${facts.unitPosts} 条，发布任务 ${facts.unitTarget} 条` }] : [],
    error_word: facts.findings.filter((f) => f.kind === ERROR_WORD_KIND && f.severity === 'general').map(findingEvidence),
    broken_column: facts.brokenColumns.map((c) => ({ kind: 'column', id: c.id, title: c.name, url: c.url, at: iso(c.checkedAt) })),
    repost_missing: facts.missedTasks.map((t) => ({ kind: 'task', id: t.id, title: t.title, at: iso(t.dueAt) })),
  };
  return (Object.entries(hits) as [AutoCode, Evidence[]][]).filter(([, evidence]) => evidence.length > 0).map(([code, evidence]) => ({ code, count: evidence.length, evidence }));
}

function noUpdateEvidence(facts: AccountFacts): Evidence {
  const note = `检查日前 ${facts.windowDays} 天内无发布`;
  if (!facts.lastPost) return { kind: 'post', note: `${note}，此前也无发布记录` };
  const p = facts.lastPost;
  // A post title may show a personal number: evidence (stored, exported) holds it masked.
  return { kind: 'post', id: p.id, title: maskPersonalNumbers(p.title), url: p.url, at: iso(p.publishedAt), note: `${note}；最近一条发布于此` };
}

/** A finding's severity from its detector's and its evidence's say (error words may carry one per word). */
export function severityOf(detectorSeverity: 'serious' | 'general' | undefined, evidence: Record<string, unknown>): 'serious' | 'general' {
  if (evidence.severity === 'serious') return 'serious';
  const words = Array.isArray(evidence.words) ? (evidence.words as Record<string, unknown>[]) : [];
  if (words.some((w) => w && w.severity === 'serious')) return 'serious';
  if (words.length) return 'general';
  return detectorSeverity === 'serious' ? 'serious' : 'general';
}

/**
 * Stored findings judged for a round: each with its severity (the detector's, `detectorSeverity`
 * by kind, unless its evidence says otherwise), kept only when its evidence lies in [from, asOf) —
 * also when detected later. Sorted by id.
 */
export function findingFacts(rows: readonly FindingRow[], from: Date, asOf: Date, detectorSeverity: (kind: string) => 'serious' | 'general' | undefined): FindingFact[] {
  const facts: FindingFact[] = [];
  for (const r of rows) {
    const at = evidenceTime(r.evidence, r.detectedAt);
    if (at < from || at >= asOf) continue;
    facts.push({ id: r.id, kind: r.kind, severity: severityOf(detectorSeverity(r.kind), r.evidence), message: r.message, evidenceAt: at, url: evidenceUrl(r.evidence) });
  }
  return facts.sort((a, b) => a.id - b.id);
}

/** When a finding's evidence happened: its post's time when it names one, else when it was detected. */
export function evidenceTime(evidence: Record<string, unknown>, detectedAt: Date): Date {
  const post = evidence.post as { publishedAt?: unknown } | undefined;
  const at = typeof post?.publishedAt === 'string' ? new Date(post.publishedAt) : null;
  return at && !Number.isNaN(at.getTime()) ? at : detectedAt;
}

/** The URL a person opens to see a finding's evidence (its post's), when there is one. */
export function evidenceUrl(evidence: Record<string, unknown>): string | null {
  const post = evidence.post as { url?: unknown } | undefined;
  return typeof post?.url === 'string' ? post.url : null;
}
