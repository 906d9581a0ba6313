/**
 * Platform sources: one interface, one adapter per kind (feed, wechat_api, weibo_api).
 * Adapters are plain TypeScript (no framework) so they run in the API, a worker, or a test.
 */
import type { NormalisedPost } from '../../posts/normalised-post';
import type { SourceCursor, SourceErrorKind, SourceKind, SourceSettings } from '../../sources/source-vocabulary';
import type { SourceHttpClient } from './http-client';

// What a post and a source are belongs to the posts and sources modules (below polling).
export type { NormalisedPost } from '../../posts/normalised-post';
export { SOURCE_KINDS } from '../../sources/source-vocabulary';
export type { SourceCursor, SourceErrorKind, SourceKind, SourceSettings } from '../../sources/source-vocabulary';

export interface PollContext {
  settings: SourceSettings;
  cursor: SourceCursor | null;
  http: SourceHttpClient;
  /** Which of these platform post ids are already stored for the account. */
  known(ids: string[]): Promise<Set<string>>;
  now: Date;
  /** APP_TIMEZONE, for dates without a zone and "until tomorrow". */
  timeZone: string;
  /** Request-budget bucket (the account's platform). */
  budget: string;
}

export interface PollResult {
  posts: NormalisedPost[];
  cursor: SourceCursor | null;
  /** The platform said nothing changed (HTTP 304). */
  notModified?: boolean;
}

export interface PlatformSource {
  readonly kind: SourceKind;
  poll(context: PollContext): Promise<PollResult>;
}

/**
 * How a failure should be treated by the scheduler:
 * - transient: retry later with exponential backoff (network, 5xx, busy, malformed body);
 * - config: the settings are wrong (bad secret, IP not whitelisted): stop retrying, alert;
 * - rate_limited: wait until `retryAt` (Retry-After, Weibo's next hour);
 * - quota: daily quota used up, wait until `retryAt` (next day).
 */

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly retryAt: Date | null = null,
    readonly code: string | number | null = null,
  ) {
    super(message);
  }
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}

/** Joins a platform path to the source's baseUrl (or the platform origin). */
export function platformUrl(baseUrl: string | null | undefined, fallbackOrigin: string, pathAndQuery: string): string {
  const base = (baseUrl || fallbackOrigin).replace(/\/+$/, '');
  return `${base}${pathAndQuery}`;
}
