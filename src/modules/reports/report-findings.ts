/**
 * Which findings a quarter's report counts (api.md v1.1, "Reports: period semantics"): those
 * whose evidence falls in the quarter, also when detected later; findings whose evidence has
 * no date (a state such as two accounts on one platform) count when they were open at the
 * report's instant (those accepted before it are already left out by the query). Pure.
 */
import type { FindingFacts } from '../reporting/read-model.types';

/** Kinds that describe a state at an instant, whatever dates their evidence carries. */
const STATE_KINDS = new Set(['inactive']);

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function postDate(value: unknown): Date | null {
  return value && typeof value === 'object' ? dateOf((value as Record<string, unknown>).publishedAt) : null;
}

/** The instants the evidence is about: the posts it names, else the opening it names. */
export function evidenceTimes(evidence: Record<string, unknown>): Date[] {
  const posts = [evidence.post, evidence.latestPost, evidence.earliestPost, ...(Array.isArray(evidence.posts) ? evidence.posts : [])].map(postDate);
  const times = posts.filter((d): d is Date => d !== null);
  if (times.length) return times;
  const opened = dateOf(evidence.openedAt);
  return opened ? [opened] : [];
}

export function countsInQuarter(f: FindingFacts, from: Date, asOf: Date): boolean {
  const times = STATE_KINDS.has(f.kind) ? [] : evidenceTimes(f.evidence ?? {});
  if (times.length) return times.some((t) => t.getTime() >= from.getTime() && t.getTime() < asOf.getTime());
  return f.detectedAt.getTime() < asOf.getTime() && (f.resolvedAt === null || f.resolvedAt.getTime() >= asOf.getTime());
}

/** Counts per kind and unit, ordered by kind then unit. */
export function quarterFindings(
  rows: FindingFacts[],
  from: Date,
  asOf: Date,
  labelOf: (kind: string) => string,
): { kind: string; label: string; unitId: number | null; count: number }[] {
  const counts = new Map<string, { kind: string; label: string; unitId: number | null; count: number }>();
  for (const f of rows) {
    if (!countsInQuarter(f, from, asOf)) continue;
    const key = `${f.kind}|${f.unitId ?? ''}`;
    const entry = counts.get(key) ?? { kind: f.kind, label: labelOf(f.kind), unitId: f.unitId, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => a.kind.localeCompare(b.kind) || (a.unitId ?? 0) - (b.unitId ?? 0));
}
