/**
 * The link-check engine's vocabulary. Pure TypeScript: no framework, no database.
 */
import type { HostGate } from './limiter';

// The vocabulary a column records (its health and the reason) belongs to the columns module;
// the engine speaks it too.
export { LINK_HEALTHS, REASON_LABELS } from '../../columns/link-health-vocabulary';
export type { LinkHealth, ReasonCode } from '../../columns/link-health-vocabulary';
import type { LinkHealth, ReasonCode } from '../../columns/link-health-vocabulary';

export interface CheckResult {
  url: string;
  health: Exclude<LinkHealth, 'unknown'>;
  reason: ReasonCode;
  /** Status of the final response, when there was one. */
  httpStatus: number | null;
  /** Where the redirects ended (or the URL itself). */
  finalUrl: string | null;
  redirects: number;
  /** HTTP requests this check sent (including retries and the fingerprint probe). */
  requests: number;
  durationMs: number;
  checkedAt: Date;
  /** A short technical note (error code, matched text). */
  detail: string | null;
}

export interface LinkCheckerOptions {
  /** Lift the SSRF guard (LINK_CHECK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Requests in flight at once over all hosts. */
  concurrency: number;
  /** Requests in flight at once to one host (host:port). */
  perHost: number;
  /** Minimum gap between the starts of two requests to one host. */
  minGapMs: number;
  /**
   * Where `perHost` and `minGapMs` are enforced: in this process when absent; a shared gate
   * (built with the same limits) makes them hold across every process checking links.
   */
  hostGate?: HostGate;
  connectTimeoutMs: number;
  /** Whole request (connect, headers and capped body). */
  timeoutMs: number;
  maxRedirects: number;
  /** Read at most this much of a body. */
  maxBodyBytes: number;
  /** Extra tries for timeouts, connection errors and 5xx. */
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /**
   * Start the retry of a request still unanswered after this long, without waiting for its
   * timeout, when the host has meanwhile answered a request sent after it (0 = off). The stuck
   * request keeps its full timeout; the tries in all stay `retries + 1`.
   */
  earlyRetryMs: number;
  /** Total tries when the server answers 429; then `unverifiable`. */
  rateLimitTries: number;
  /** Longest `Retry-After` honoured. */
  retryAfterCapMs: number;
  /** Probe a random sibling path to catch sites that answer 200 to everything. */
  fingerprint: boolean;
  /** The time stamped on results (`checkedAt`); real time when absent. */
  clock?: () => Date;
  /** Send HEAD first and GET only when needed (non-2xx, or an HTML page to judge). */
  headFirst: boolean;
  /** Once a host's HEADs keep showing HTML pages (a GET is needed to judge them anyway), skip HEAD there for page links. */
  adaptiveHead: boolean;
  userAgent: string;
}

export const DEFAULT_OPTIONS: LinkCheckerOptions = {
  allowPrivate: false,
  concurrency: 32,
  perHost: 10,
  minGapMs: 50,
  connectTimeoutMs: 5_000,
  timeoutMs: 15_000,
  maxRedirects: 10,
  maxBodyBytes: 256 * 1024,
  retries: 2,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  earlyRetryMs: 5_000,
  rateLimitTries: 3,
  retryAfterCapMs: 60_000,
  fingerprint: true,
  headFirst: true,
  adaptiveHead: true,
  userAgent: 'Mozilla/5.0 (compatible; GovNewMediaRegistry-LinkChecker/1.0)',
};
