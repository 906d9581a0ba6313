/**
 * The link checker: decides whether a column link is `ok`, `broken` or `unverifiable`.
 * Pure Node (no framework, no database) so it can run in the API process, a worker or a
 * benchmark alike. See domain.md, "Link health".
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { assertUrlAllowed, BlockedAddressError, UnsupportedProtocolError } from '../../../common/net/address-guard';
import { HostLimiter, sleep } from './limiter';
import { decodeBody, fingerprintOf, isHtml, judgePage, readPage, similarity } from './page';
import { FailureKind, RawResponse, RequestFailure, Transport } from './transport';
import { CheckResult, DEFAULT_OPTIONS, LinkCheckerOptions, ReasonCode } from './types';

interface Trace {
  requests: number;
}

type Fetched =
  | { kind: 'response'; response: RawResponse; finalUrl: URL; redirects: number; rateLimited: boolean }
  | { kind: 'failure'; failure: RequestFailure; finalUrl: URL; redirects: number }
  | { kind: 'redirect'; reason: 'redirect_loop' | 'too_many_redirects' | 'bad_redirect'; finalUrl: URL; redirects: number; status: number };

interface Fingerprint {
  finalUrl: string;
  grams: Set<string>;
}

const RETRYABLE: FailureKind[] = ['timeout', 'refused', 'reset', 'other'];
const FAILURE_REASONS: Record<FailureKind, ReasonCode> = {
  timeout: 'timeout',
  dns: 'dns_failure',
  refused: 'connection_refused',
  reset: 'connection_reset',
  tls: 'tls_error',
  blocked: 'blocked_address',
  protocol: 'unsupported_protocol',
  other: 'network_error',
};
const FINGERPRINT_CACHE = 5_000;
/** After this many HEADs on a host answered "an HTML page" (so a GET was needed anyway), page links there go straight to GET. */
const HTML_HOST_AFTER = 3;
const DOCUMENT = /\.(pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|jpe?g|png|gif|mp4|mp3|apk|exe)$/i;
const SAME_PAGE = 0.9;

/** `Retry-After` as milliseconds (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class LinkChecker {
  readonly options: LinkCheckerOptions;
  private readonly transport: Transport;
  private readonly limiter: HostLimiter;
  private readonly fingerprints = new Map<string, Promise<Fingerprint | null>>();
  private readonly htmlHosts = new Map<string, number>();

  constructor(options: Partial<LinkCheckerOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    const o = this.options;
    this.transport = new Transport({
      allowPrivate: o.allowPrivate,
      connectTimeoutMs: o.connectTimeoutMs,
      timeoutMs: o.timeoutMs,
      maxBodyBytes: o.maxBodyBytes,
      userAgent: o.userAgent,
      maxSocketsPerHost: o.perHost,
    });
    this.limiter = new HostLimiter(o.perHost, o.minGapMs, o.concurrency);
  }

  /** Closes the keep-alive connections. */
  close(): void {
    this.transport.close();
  }

  /** Forgets what was learned about sites (between sweeps). */
  resetCaches(): void {
    this.fingerprints.clear();
    this.htmlHosts.clear();
  }

  /**
   * Checks many links, interleaving hosts so every host's slots stay busy; calls `onResult`
   * as each finishes (in completion order). Limits are the checker's own.
   */
  async checkAll<T extends { url: string }>(items: T[], onResult: (item: T, result: CheckResult) => void | Promise<void>): Promise<void> {
    const byHost = new Map<string, T[]>();
    for (const item of items) {
      let host: string;
      try {
        host = new URL(item.url).host;
      } catch {
        host = '';
      }
      const list = byHost.get(host) ?? [];
      list.push(item);
      byHost.set(host, list);
    }
    const queue: T[] = [];
    const lists = [...byHost.values()];
    for (let i = 0; queue.length < items.length; i++) for (const list of lists) if (i < list.length) queue.push(list[i]);
    let next = 0;
    const workers = Math.max(1, Math.min(items.length, this.options.concurrency * 2, this.options.perHost * byHost.size + this.options.concurrency));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < queue.length) {
          const item = queue[next++];
          await onResult(item, await this.check(item.url));
        }
      }),
    );
  }

  async check(link: string): Promise<CheckResult> {
    const started = Date.now();
    const trace: Trace = { requests: 0 };
    const result = (health: CheckResult['health'], reason: ReasonCode, fields: Partial<CheckResult> = {}): CheckResult => ({
      url: link,
      health,
      reason,
      httpStatus: null,
      finalUrl: null,
      redirects: 0,
      requests: trace.requests,
      durationMs: Date.now() - started,
      checkedAt: new Date(started),
      detail: null,
      ...fields,
    });
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return result('broken', 'invalid_url');
    }
    try {
      assertUrlAllowed(url, this.options.allowPrivate);
    } catch (error) {
      if (error instanceof UnsupportedProtocolError) return result('broken', 'unsupported_protocol', { detail: error.message });
      if (error instanceof BlockedAddressError) return result('unverifiable', 'blocked_address', { detail: error.message });
      throw error;
    }

    let failedTries = 0;
    const skipHead = this.options.adaptiveHead && (this.htmlHosts.get(url.host) ?? 0) >= HTML_HOST_AFTER && !DOCUMENT.test(url.pathname);
    if (this.options.headFirst && !skipHead) {
      const head = await this.follow(url, 'HEAD', trace, false);
      if (head.kind === 'response' && head.response.status >= 200 && head.response.status < 300) {
        if (!isHtml(head.response.headers)) return result('ok', 'ok', { httpStatus: head.response.status, finalUrl: head.finalUrl.href, redirects: head.redirects });
        this.noteHtmlHost(url.host);
      }
      if (head.kind === 'failure' && ['blocked', 'protocol', 'dns', 'tls'].includes(head.failure.kind)) return this.failed(head, result);
      if (head.kind === 'failure' && head.failure.kind === 'timeout') failedTries = 1; // counts toward the retries
      if (head.kind === 'redirect' && head.reason !== 'bad_redirect') return result('broken', head.reason, { httpStatus: head.status, finalUrl: head.finalUrl.href, redirects: head.redirects });
    }

    const got = await this.follow(url, 'GET', trace, true, failedTries);
    if (got.kind !== 'response') return this.failed(got, result);
    const { response, finalUrl, redirects } = got;
    const base = { httpStatus: response.status, finalUrl: finalUrl.href, redirects };
    const status = response.status;
    if (status === 429) return result('unverifiable', 'rate_limited', base);
    if (status >= 200 && status < 300) {
      if (!isHtml(response.headers, response.body)) return result('ok', 'ok', base);
      const page = readPage(decodeBody(response.headers, response.body));
      const verdict = judgePage(page, finalUrl, redirects > 0);
      if (verdict) {
        const health = verdict.reason === 'verification_page' ? 'unverifiable' : 'broken';
        return result(health, verdict.reason, { ...base, detail: verdict.matched });
      }
      if (this.options.fingerprint && (await this.looksLikeRandomPath(url, finalUrl, response, trace))) {
        return result('broken', 'soft404_fingerprint', { ...base, detail: '随机路径返回相同页面' });
      }
      return result('ok', 'ok', base);
    }
    if (status === 404) return result('broken', 'not_found', base);
    if (status === 410) return result('broken', 'gone', base);
    if (status === 401) return result('broken', 'login_required', base);
    if (status === 403) {
      const page = isHtml(response.headers, response.body) ? readPage(decodeBody(response.headers, response.body)) : null;
      const verdict = page ? judgePage(page, finalUrl, false) : null;
      return result('unverifiable', verdict?.reason === 'verification_page' ? 'verification_page' : 'forbidden', { ...base, detail: verdict?.matched ?? null });
    }
    if (status >= 500) return result('broken', 'server_error', base);
    if (status >= 300 && status < 400) return result('broken', 'bad_redirect', base);
    return result('broken', 'http_error', base);
  }

  private failed(fetched: Exclude<Fetched, { kind: 'response' }>, result: (h: CheckResult['health'], r: ReasonCode, f?: Partial<CheckResult>) => CheckResult): CheckResult {
    if (fetched.kind === 'redirect') return result('broken', fetched.reason, { httpStatus: fetched.status, finalUrl: fetched.finalUrl.href, redirects: fetched.redirects });
    const reason = FAILURE_REASONS[fetched.failure.kind];
    const health = reason === 'blocked_address' ? 'unverifiable' : 'broken';
    return result(health, reason, { finalUrl: fetched.finalUrl.href, redirects: fetched.redirects, detail: `${fetched.failure.code ?? ''} ${fetched.failure.message}`.trim().slice(0, 300) });
  }

  /** Follows redirects (each hop re-checked by the address guard) and returns the last answer. */
  private async follow(start: URL, method: 'HEAD' | 'GET', trace: Trace, retry: boolean, failedTries = 0): Promise<Fetched> {
    let url = start;
    const seen = new Set<string>([start.href]);
    for (let redirects = 0; ; redirects++) {
      let response: RawResponse;
      let rateLimited: boolean;
      try {
        const answer = await this.send(url, method, trace, retry, redirects === 0 ? failedTries : 0);
        response = answer.response;
        rateLimited = answer.rateLimited;
      } catch (error) {
        const failure = error instanceof RequestFailure ? error : new RequestFailure('other', String(error));
        return { kind: 'failure', failure, finalUrl: url, redirects };
      }
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) {
        return { kind: 'response', response, finalUrl: url, redirects, rateLimited };
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return { kind: 'redirect', reason: 'bad_redirect', finalUrl: url, redirects, status: response.status };
      }
      try {
        assertUrlAllowed(next, this.options.allowPrivate);
      } catch (error) {
        const kind: FailureKind = error instanceof UnsupportedProtocolError ? 'protocol' : 'blocked';
        return { kind: 'failure', failure: new RequestFailure(kind, (error as Error).message, kind === 'blocked' ? 'EADDRBLOCKED' : 'EPROTOCOL'), finalUrl: next, redirects: redirects + 1 };
      }
      if (seen.has(next.href)) return { kind: 'redirect', reason: 'redirect_loop', finalUrl: next, redirects: redirects + 1, status: response.status };
      if (redirects + 1 > this.options.maxRedirects) return { kind: 'redirect', reason: 'too_many_redirects', finalUrl: next, redirects: redirects + 1, status: response.status };
      seen.add(next.href);
      url = next;
    }
  }

  /**
   * One hop. With `retry`: timeouts, connection errors and 5xx are retried with exponential
   * backoff and jitter; 429 waits for `Retry-After` (capped) for a bounded number of tries.
   */
  private async send(url: URL, method: 'HEAD' | 'GET', trace: Trace, retry: boolean, failedTries = 0): Promise<{ response: RawResponse; rateLimited: boolean }> {
    const o = this.options;
    let failures = failedTries;
    let limited = 0;
    for (;;) {
      let response: RawResponse;
      try {
        response = await this.limiter.run(url.host, () => {
          trace.requests++;
          return this.transport.send(url, method);
        });
      } catch (error) {
        const failure = error instanceof RequestFailure ? error : new RequestFailure('other', String(error));
        if (retry && RETRYABLE.includes(failure.kind) && failures < o.retries) {
          await sleep(this.backoff(failures++));
          continue;
        }
        throw failure;
      }
      if (response.status === 429) {
        limited++;
        if (!retry || limited >= o.rateLimitTries) return { response, rateLimited: true };
        await sleep(Math.min(parseRetryAfter(response.headers['retry-after']) ?? this.backoff(limited - 1), o.retryAfterCapMs));
        continue;
      }
      if (response.status >= 500 && retry && failures < o.retries) {
        await sleep(this.backoff(failures++));
        continue;
      }
      return { response, rateLimited: false };
    }
  }

  private noteHtmlHost(host: string): void {
    if (this.htmlHosts.size >= FINGERPRINT_CACHE && !this.htmlHosts.has(host)) this.htmlHosts.delete(this.htmlHosts.keys().next().value as string);
    this.htmlHosts.set(host, (this.htmlHosts.get(host) ?? 0) + 1);
  }

  private backoff(attempt: number): number {
    const o = this.options;
    const exponential = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** attempt);
    return Math.round(exponential / 2 + Math.random() * (exponential / 2));
  }

  /**
   * The random-sibling fingerprint: fetch a nonsense path in the link's folder; if the site
   * answers 2xx with the same page, the link's page says nothing about the link.
   */
  private async looksLikeRandomPath(link: URL, finalUrl: URL, response: RawResponse, trace: Trace): Promise<boolean> {
    if (link.pathname === '/' || link.pathname === '') return false;
    const folder = link.pathname.replace(/[^/]*$/, '');
    const key = `${link.origin}${folder}`;
    let probe = this.fingerprints.get(key);
    if (!probe) {
      const token = `zz${randomBytes(8).toString('hex')}`;
      const sibling = new URL(`${folder}${token}`, link.origin);
      probe = this.probe(sibling, token, trace);
      if (this.fingerprints.size >= FINGERPRINT_CACHE) this.fingerprints.delete(this.fingerprints.keys().next().value as string);
      this.fingerprints.set(key, probe);
    }
    const fingerprint = await probe;
    if (!fingerprint) return false;
    if (fingerprint.finalUrl === finalUrl.href && finalUrl.href !== link.href) return true;
    const segments = decodeURIComponent(link.pathname).split('/').filter(Boolean);
    const page = fingerprintOf(readPage(decodeBody(response.headers, response.body)), segments);
    return similarity(page, fingerprint.grams) >= SAME_PAGE;
  }

  private async probe(sibling: URL, token: string, trace: Trace): Promise<Fingerprint | null> {
    const got = await this.follow(sibling, 'GET', trace, false);
    if (got.kind !== 'response' || got.response.status < 200 || got.response.status >= 300) return null;
    if (!isHtml(got.response.headers, got.response.body)) return null;
    const segments = decodeURIComponent(sibling.pathname).split('/').filter(Boolean);
    return { finalUrl: got.finalUrl.href, grams: fingerprintOf(readPage(decodeBody(got.response.headers as IncomingHttpHeaders, got.response.body)), [token, ...segments]) };
  }
}
