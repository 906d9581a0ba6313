/**
 * What a source kind's adapter is (`PostSource`), what it is given and what it returns. Plain
 * TypeScript, no framework: adapters run in the API, a worker, or a test.
 */
import type { SourceHttpClient } from './http-client';
import type { NormalisedPost } from './normalised-post';

export type { NormalisedPost } from './normalised-post';

/** Opaque per-source state between polls (ETag, since_id, …), stored as JSON. */
export type SourceCursor = Record<string, string | number | null>;

/** The settings an adapter needs, secrets already decrypted. */
export interface SourceSettings {
  kind: string;
  url?: string | null;
  baseUrl?: string | null;
  appId?: string | null;
  appSecret?: string | null;
  uid?: string | null;
  accessToken?: string | null;
}

/** How a poll failed (see SourceError). */
export type SourceErrorKind = 'transient' | 'config' | 'rate_limited' | 'quota';

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

/** A source kind's adapter: fetches an account's new posts from its platform. */
export interface PostSource {
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
