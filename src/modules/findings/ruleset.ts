/**
 * The ruleset fingerprint (规则指纹) of the post detectors: what a post's findings depend on
 * besides its own text — the registered post detectors, the 错敏词 library (words, their
 * correct forms, categories, severities, allowed phrases), the leaders' terms and the time zone
 * (a post's date). A post scanned with the same content hash under the same fingerprint would
 * give the same findings, so an incremental scan skips it. Pure, no framework.
 */
import { createHash } from 'node:crypto';
import type { LibraryWord } from '../error-words/matcher';
import type { LeaderTerm } from '../leaders/leader-terms';

/** Raised when a post detector's logic changes so that every post is scanned again. */
export const POST_DETECTORS_VERSION = 1;

export interface RulesetInput {
  detectorKinds: string[];
  words: LibraryWord[];
  leaders: LeaderTerm[];
  timeZone: string;
}

/** 16 hex characters of a sha256 over the rules in a canonical order (stored per post in post_scans). */
export function rulesetFingerprint(input: RulesetInput): string {
  const words = input.words.map((w) => [w.id, w.wrong, w.correct, w.category, w.severity ?? 'general', [...w.allows].sort()]).sort((a, b) => (a[0] as number) - (b[0] as number));
  const leaders = input.leaders.map((t) => [t.name, t.title, t.validFrom ?? '', t.validTo ?? '']).sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
  const canonical = JSON.stringify({ version: POST_DETECTORS_VERSION, detectors: [...input.detectorKinds].sort(), timeZone: input.timeZone, words, leaders });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
