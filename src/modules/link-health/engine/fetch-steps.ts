/** What the link checker passes between its steps (internal to the engine). */
import type { RequestFailure, RawResponse } from './transport';

export interface Trace {
  requests: number;
  /** The link's start order: within a queue class, links started earlier go first. */
  priority: number;
  /** The sweep is stopping: requests not yet sent are not sent. */
  stopped?: () => boolean;
}

/** The first request was not sent: by the time it could go, HEAD had become pointless there. */
export const SKIPPED = Symbol('skipped');
export type Answer = RawResponse | typeof SKIPPED;
export type Attempted = { answer: Answer; failed: number } | { failure: RequestFailure; failed: number };

/** Where following a link ended: an answer, a failure, a redirect problem, or nothing sent. */
export type Fetched =
  | { kind: 'response'; response: RawResponse; finalUrl: URL; redirects: number; rateLimited: boolean }
  | { kind: 'failure'; failure: RequestFailure; finalUrl: URL; redirects: number }
  | { kind: 'redirect'; reason: 'redirect_loop' | 'too_many_redirects' | 'bad_redirect'; finalUrl: URL; redirects: number; status: number }
  | { kind: 'skipped' };
