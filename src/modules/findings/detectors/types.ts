/**
 * What a detector is (检测器), its inputs and its findings: plain data and plain functions, no
 * framework. The built-ins are one file each beside this one, registered in index.ts; the
 * registry (detector-registry.ts) is what scans, validation, labels and the OpenAPI enums read.
 */
import type { CompiledWord } from '../../error-words/matcher';

/** Stored in `findings.kind` (varchar(40)). */
export const FINDING_KIND = /^[a-z][a-z0-9_]{1,39}$/;

/** A finding kind: the `kind` of a registered detector. */
export type FindingKind = string;

/** How serious a detector's findings are: `serious` ones fail an inspection outright (单项否决), `general` ones cost points. */
export type FindingSeverity = 'serious' | 'general';

export type SubjectType = 'account' | 'post' | 'unit_platform';

// The read model builds these (reporting/findings-read.repository.ts); defined beside it so it names no findings file.
import type { AccountFacts, PlatformAccount, PostRef, ScannedPost } from '../../reporting/read-model.types';
export type { AccountFacts, PlatformAccount, PostRef, ScannedPost };

/**
 * What a detector reads; the scan loads each input once for all the detectors that read it.
 * - `accounts`: the facts of each account scanned (all of them, or those a change touched);
 * - `crowdedPlatforms`: the live accounts of every (unit, platform) holding more than one,
 *   register-wide on every scan;
 * - `posts`: stored posts a page at a time (all of them, or those of accounts with new posts).
 */
export interface DetectorInputs {
  accounts: AccountFacts;
  crowdedPlatforms: PlatformAccount;
  posts: ScannedPost;
}
export type DetectorInput = keyof DetectorInputs;

/** What every detector may know besides its input. */
export interface DetectorContext {
  now: Date;
  /** APP_TIMEZONE: calendar days are counted in it. */
  timeZone: string;
  /** INACTIVE_DAYS. */
  inactiveDays: number;
  /** The compiled 错敏词 library; loaded for scans that read posts (empty otherwise). */
  errorWords: CompiledWord[];
}

/**
 * A detector: a kind of violation or risk, and a pure function that finds it. Findings are
 * reconciled per kind: those it no longer returns (within what the scan covered) are resolved.
 */
export interface Detector<I extends DetectorInput = DetectorInput> {
  /** The finding kind it produces (`FINDING_KIND`), used in the API, filters and alerts. */
  readonly kind: FindingKind;
  /** The Chinese name (lists, alerts 【…】, the quarterly report). */
  readonly label: string;
  readonly severity: FindingSeverity;
  readonly input: I;
  /** Its findings among `items`, each with evidence a person can check. Returns only its own kind. */
  evaluate(items: DetectorInputs[I][], context: DetectorContext): DetectedFinding[];
}

/** Ties a detector's `evaluate` to the input it names (for type checking only). */
export function defineDetector<I extends DetectorInput>(detector: Detector<I>): Detector<I> {
  return detector;
}

export interface DetectedFinding {
  kind: FindingKind;
  subjectType: SubjectType;
  subjectId: string;
  accountId: number | null;
  unitId: number | null;
  /** One line a person reads in lists and alerts. */
  message: string;
  /** What a person checks: post links, dates, states. JSON-safe (dates as ISO strings). */
  evidence: Record<string, unknown>;
  /** The substance of the evidence: an accepted finding reopens only when this changes. */
  evidenceKey: string;
}

export function iso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

export function postEvidence(post: PostRef | null): Record<string, unknown> | null {
  return post ? { id: post.id, title: post.title, url: post.url, publishedAt: iso(post.publishedAt) } : null;
}

export function accountEvidence(a: AccountFacts): Record<string, unknown> {
  return { id: a.id, name: a.name, platform: a.platform, state: a.state, unitId: a.unitId, unitName: a.unitName };
}
