/**
 * The link checker: decides whether a column link is `ok`, `broken` or `unverifiable`.
 * Pure Node (no framework, no database) so it can run in the API process, a worker or a
 * benchmark alike. See domain.md, "Link health".
 */
import { assertUrlAllowed, BlockedAddressError, UnsupportedProtocolError } from '../../../common/net/address-guard';
import { HostLimiter, sleep } from './limiter';
import { decodePage, isHtml } from './page';
import { PageParts, pageParts } from './gone/html-parts';
import { judgeGone, verificationOf } from './gone/judge';
import { FailureKind, RawResponse, RequestFailure, Transport } from './transport';
import { CheckResult, DEFAULT_OPTIONS, LinkCheckerOptions, ReasonCode } from './types';
import { backoffDelayMs } from '../../../common/backoff';
import { asFailure, FAILURE_REASONS, parseRetryAfter, RETRYABLE } from './failures';
import { Answer, Attempted, Fetched, SKIPPED, Trace } from './fetch-steps';
import { ProbeFetch, RandomPathProbe } from './random-path-probe';
import { withEarlyRetries } from './early-retry';

export { parseRetryAfter } from './failures';

type ResultOf = (health: CheckResult['health'], reason: ReasonCode, fields?: Partial<CheckResult>) => CheckResult;

/**
 * Queue classes (added to the link's start order). Urgent: retries, early retries and the
 * fingerprint probe (other links wait on it). First: a link's first request. Later: the rest
 * (redirect hops, GET after HEAD), which wait until the first requests queued so far have gone.
 * So every link gets its first look early, and the links that turn out to need waiting
 * (timeouts, backoff, `Retry-After`) wait while the rest of the sweep runs, not after it.
 */
const URGENT = -1e12;
const LATER = 1e12;
const ANSWERED_CACHE = 5_000;

const FINGERPRINT_CACHE = 5_000;
/** After this many HEADs on a host answered "an HTML page" (so a GET was needed anyway), page links there go straight to GET. */
const HTML_HOST_AFTER = 3;
const DOCUMENT = /\.(pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|jpe?g|png|gif|mp4|mp3|apk|exe)$/i;

export class LinkChecker {
  readonly options: LinkCheckerOptions;
  private readonly transport: Transport;
  private readonly limiter: HostLimiter;
  private readonly randomPaths = new RandomPathProbe();
  private readonly htmlHosts = new Map<string, number>();
  /** Per host: the send time of the latest-sent request that got an answer (evidence the host is answering). */
  private readonly answered = new Map<string, number>();
  /** Per host: page HEADs under way that will tell whether HEAD is worth it there. */
  private readonly exploring = new Map<string, number>();
  private started = 0;

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
    this.limiter = new HostLimiter(o.perHost, o.minGapMs, o.concurrency, o.hostGate);
  }

  /** Closes the keep-alive connections. */
  close(): void {
    this.transport.close();
  }

  /** Forgets what was learned about sites (between sweeps). */
  resetCaches(): void {
    this.randomPaths.clear();
    this.htmlHosts.clear();
    this.answered.clear();
  }

  /**
   * Checks many links, interleaving hosts so every host's slots stay busy; calls `onResult`
   * as each finishes (in completion order). Limits are the checker's own. When `onResult`
   * throws, or `shouldStop` says so, no further request is sent and no further result reported;
   * the requests already sent end, and the first error is thrown once they have, so a caller
   * that tries again never runs beside a sweep that is still going.
   */
  async checkAll<T extends { url: string }>(items: T[], onResult: (item: T, result: CheckResult) => void | Promise<void>, shouldStop: () => boolean = () => false): Promise<void> {
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
    // Links waiting out a backoff, a `Retry-After`, a stuck request or their later requests hold a
    // worker but no request slot, so there are many more workers than slots; the limiter's queue
    // classes decide which request goes next. The worker count bounds the links under way at once.
    const workers = Math.max(1, Math.min(items.length, this.options.concurrency * 20 + this.options.perHost * byHost.size));
    let failure: { error: unknown } | null = null;
    const stopped = () => failure !== null || shouldStop();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < queue.length && !stopped()) {
          const item = queue[next++];
          try {
            const result = await this.check(item.url, stopped);
            // Links waiting for a slot when the sweep stopped were never sent: no result.
            if (!stopped()) await onResult(item, result);
          } catch (error) {
            failure ??= { error };
          }
        }
      }),
    );
    if (failure) throw (failure as { error: unknown }).error;
  }

  /** `stopped`: once true, no further request of this check is sent (its result is then meaningless). */
  async check(link: string, stopped?: () => boolean): Promise<CheckResult> {
    const started = Date.now();
    const checkedAt = this.options.clock?.() ?? new Date(started);
    const trace: Trace = { requests: 0, priority: this.started++, stopped };
    const result = (health: CheckResult['health'], reason: ReasonCode, fields: Partial<CheckResult> = {}): CheckResult => ({
      url: link,
      health,
      reason,
      httpStatus: null,
      finalUrl: null,
      redirects: 0,
      requests: trace.requests,
      durationMs: Date.now() - started,
      checkedAt,
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
    // Decided when the HEAD could be sent, not when the link was queued: by then earlier links may
    // have shown the host serves pages. While enough page HEADs to decide are under way there, don't add more.
    let exploring = false;
    const skipHead = () => {
      if (!this.options.adaptiveHead || DOCUMENT.test(url.pathname)) return false;
      const known = (this.htmlHosts.get(url.host) ?? 0) + (this.exploring.get(url.host) ?? 0);
      if (known >= HTML_HOST_AFTER) return true;
      exploring = true;
      this.exploring.set(url.host, (this.exploring.get(url.host) ?? 0) + 1);
      return false;
    };
    const head = this.options.headFirst ? await this.follow(url, 'HEAD', trace, false, 0, skipHead) : null;
    if (exploring) {
      const left = (this.exploring.get(url.host) ?? 1) - 1;
      if (left > 0) this.exploring.set(url.host, left);
      else this.exploring.delete(url.host);
    }
    if (head && head.kind !== 'skipped') {
      if (head.kind === 'response' && head.response.status >= 200 && head.response.status < 300) {
        if (!isHtml(head.response.headers)) return result('ok', 'ok', { httpStatus: head.response.status, finalUrl: head.finalUrl.href, redirects: head.redirects });
        this.noteHtmlHost(url.host);
      }
      if (head.kind === 'failure' && ['blocked', 'protocol', 'dns', 'tls'].includes(head.failure.kind)) return this.failed(head, result);
      if (head.kind === 'failure' && head.failure.kind === 'timeout') failedTries = 1; // counts toward the retries
      if (head.kind === 'redirect' && head.reason !== 'bad_redirect')
        return result('broken', head.reason, { httpStatus: head.status, finalUrl: head.finalUrl.href, redirects: head.redirects });
    }

    const page = await this.getAndRead(url, trace, failedTries, result);
    if (!('parts' in page)) return page;
    // The body is gone by now (only the page's text parts are kept while the folder's probe is awaited).
    const { parts, base } = page;
    if (this.options.fingerprint) {
      const probe = await this.randomPaths.compare(url, new URL(base.finalUrl), parts, (sibling) => this.fetchProbe(sibling, trace));
      if (probe.kind === 'catch-all') return result('broken', 'soft404_fingerprint', { ...base, detail: '随机路径返回相同页面' });
      // Never judged healthy on a probe that got no answer: the next sweep looks again.
      if (probe.kind === 'unknown') return result('unverifiable', 'network_error', { ...base, detail: `随机路径探测失败，无法判断是否为软 404:${probe.detail}`.slice(0, 300) });
    }
    return result('ok', 'ok', base);
  }

  /**
   * The GET and what its answer says: a final result, or (a healthy-looking HTML page) its text
   * parts for the random-path comparison. The page is decoded and parsed once, here.
   */
  private async getAndRead(
    url: URL,
    trace: Trace,
    failedTries: number,
    result: ResultOf,
  ): Promise<CheckResult | { parts: PageParts; base: { httpStatus: number; finalUrl: string; redirects: number } }> {
    const got = await this.follow(url, 'GET', trace, true, failedTries);
    if (got.kind !== 'response') return this.failed(got as Exclude<Fetched, { kind: 'response' } | { kind: 'skipped' }>, result);
    const { response, finalUrl, redirects } = got;
    const base = { httpStatus: response.status, finalUrl: finalUrl.href, redirects };
    const status = response.status;
    if (status === 429) return result('unverifiable', 'rate_limited', base);
    if (status >= 200 && status < 300) {
      if (!isHtml(response.headers, response.body)) return result('ok', 'ok', base);
      const parts = pageParts(decodePage(response.headers, response.body));
      const verdict = judgeGone(parts, { finalUrl, redirected: redirects > 0 });
      if (verdict) {
        const health = verdict.reason === 'verification_page' ? 'unverifiable' : 'broken';
        return result(health, verdict.reason, { ...base, detail: `${verdict.rule}: ${verdict.matched}` });
      }
      return { parts, base };
    }
    if (status === 404) return result('broken', 'not_found', base);
    if (status === 410) return result('broken', 'gone', base);
    if (status === 401) return result('broken', 'login_required', base);
    if (status === 403) {
      const verdict = isHtml(response.headers, response.body) ? verificationOf(pageParts(decodePage(response.headers, response.body))) : null;
      return result('unverifiable', verdict ? 'verification_page' : 'forbidden', { ...base, detail: verdict?.matched ?? null });
    }
    if (status >= 500) return result('broken', 'server_error', base);
    if (status >= 300 && status < 400) return result('broken', 'bad_redirect', base);
    return result('broken', 'http_error', base);
  }

  private failed(fetched: Exclude<Fetched, { kind: 'response' } | { kind: 'skipped' }>, result: ResultOf): CheckResult {
    if (fetched.kind === 'redirect') return result('broken', fetched.reason, { httpStatus: fetched.status, finalUrl: fetched.finalUrl.href, redirects: fetched.redirects });
    const reason = FAILURE_REASONS[fetched.failure.kind];
    const health = reason === 'blocked_address' ? 'unverifiable' : 'broken';
    return result(health, reason, {
      finalUrl: fetched.finalUrl.href,
      redirects: fetched.redirects,
      detail: `${fetched.failure.code ?? ''} ${fetched.failure.message}`.trim().slice(0, 300),
    });
  }

  /** Follows redirects (each hop re-checked by the address guard) and returns the last answer. */
  private async follow(start: URL, method: 'HEAD' | 'GET', trace: Trace, retry: boolean, failedTries = 0, skip?: () => boolean, urgent = false): Promise<Fetched> {
    let url = start;
    const seen = new Set<string>([start.href]);
    for (let redirects = 0; ; redirects++) {
      let response: RawResponse;
      let rateLimited: boolean;
      try {
        const answer = await this.send(url, method, trace, retry, redirects === 0 ? failedTries : 0, redirects === 0 ? skip : undefined, urgent);
        if (answer === SKIPPED) return { kind: 'skipped' };
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
        return {
          kind: 'failure',
          failure: new RequestFailure(kind, (error as Error).message, kind === 'blocked' ? 'EADDRBLOCKED' : 'EPROTOCOL'),
          finalUrl: next,
          redirects: redirects + 1,
        };
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
   * A try that has had no answer for `earlyRetryMs` while the host answers requests sent after
   * it gets its retry started early (the stuck try keeps its full timeout; the first answer wins).
   */
  private async send(
    url: URL,
    method: 'HEAD' | 'GET',
    trace: Trace,
    retry: boolean,
    failedTries = 0,
    skip?: () => boolean,
    urgent = false,
  ): Promise<{ response: RawResponse; rateLimited: boolean } | typeof SKIPPED> {
    const o = this.options;
    let failures = failedTries;
    let limited = 0;
    for (let round = 0; ; round++) {
      const priority = trace.priority + (urgent || failures > 0 || round > 0 ? URGENT : trace.requests === 0 ? 0 : LATER);
      const got = retry ? await this.tries(url, method, trace, priority, o.retries - failures, skip) : await this.once(url, method, trace, priority, skip);
      failures += got.failed;
      if ('failure' in got) {
        if (retry && RETRYABLE.includes(got.failure.kind) && failures <= o.retries) {
          await sleep(this.backoff(failures - 1));
          continue;
        }
        throw got.failure;
      }
      if (got.answer === SKIPPED) return SKIPPED;
      const response = got.answer;
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

  /** One request through the limiter; `onSent` is told when it actually goes out. */
  private request(url: URL, method: 'HEAD' | 'GET', trace: Trace, priority: number, skip?: () => boolean, onSent?: (at: number) => void, signal?: AbortSignal): Promise<Answer> {
    return this.limiter.run<Answer>(
      url.host,
      async () => {
        if (trace.stopped?.()) throw new RequestFailure('stopped', 'not sent: the sweep is stopping');
        if (skip?.()) return SKIPPED;
        trace.requests++;
        const sentAt = Date.now();
        onSent?.(sentAt);
        const response = await this.transport.send(url, method, signal);
        if ((this.answered.get(url.host) ?? 0) < sentAt) {
          if (this.answered.size >= ANSWERED_CACHE && !this.answered.has(url.host)) this.answered.delete(this.answered.keys().next().value as string);
          this.answered.set(url.host, sentAt);
        }
        return response;
      },
      priority,
    );
  }

  private once(url: URL, method: 'HEAD' | 'GET', trace: Trace, priority: number, skip?: () => boolean): Promise<Attempted> {
    return this.request(url, method, trace, priority, skip).then(
      (answer) => ({ answer, failed: 0 }),
      (error: unknown) => ({ failure: asFailure(error), failed: 1 }),
    );
  }

  /** A try plus up to `spare` early retries while the host answers later requests (early-retry.ts). */
  private tries(url: URL, method: 'HEAD' | 'GET', trace: Trace, priority: number, spare: number, skip?: () => boolean): Promise<Attempted> {
    const after = this.options.earlyRetryMs;
    if (!(after > 0) || spare <= 0) return this.once(url, method, trace, priority, skip);
    return withEarlyRetries(
      after,
      spare,
      (sentAt) => (this.answered.get(url.host) ?? 0) > sentAt,
      (first, onSent, signal) => this.request(url, method, trace, first ? priority : trace.priority + URGENT, first ? skip : undefined, onSent, signal),
    );
  }

  private noteHtmlHost(host: string): void {
    if (this.htmlHosts.size >= FINGERPRINT_CACHE && !this.htmlHosts.has(host)) this.htmlHosts.delete(this.htmlHosts.keys().next().value as string);
    this.htmlHosts.set(host, (this.htmlHosts.get(host) ?? 0) + 1);
  }

  private backoff(attempt: number): number {
    return backoffDelayMs(attempt, { baseMs: this.options.backoffBaseMs, maxMs: this.options.backoffMaxMs, jitter: 'half' });
  }

  /**
   * The probe's GET (urgent: other links wait on it), followed through redirects and retried like
   * a link's (timeouts, connection errors, 5xx, 429): a probe lost to a blip would leave its
   * folder's catch-all pages judged healthy.
   */
  private async fetchProbe(sibling: URL, trace: Trace): ReturnType<ProbeFetch> {
    const got = await this.follow(sibling, 'GET', trace, true, 0, undefined, true);
    if (got.kind === 'response') return { response: got.response, finalUrl: got.finalUrl };
    if (got.kind === 'failure') return { failure: `${FAILURE_REASONS[got.failure.kind]} ${got.failure.code ?? ''}`.trim() };
    return null;
  }
}
