/**
 * The outbound HTTP client of the platform sources: timeouts, a user agent, a size cap,
 * the private-address guard on every URL and connection (redirects included), and a
 * per-platform request budget. Plain Node + axios.
 */
import axios, { AxiosInstance } from 'axios';
import { formatTime } from '../../common/time';
import * as http from 'node:http';
import * as https from 'node:https';
import { assertUrlAllowed, guardedLookup } from '../../common/net/address-guard';
import type { WindowStore } from '../../common/window-store';
import { SourceError } from './post-source';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** Budget bucket, e.g. the account's platform. */
  budget?: string;
}

export interface HttpClientOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  /** Requests per minute per bucket; `default` for unlisted buckets. */
  budgets?: Record<string, number>;
  userAgent?: string;
  maxRedirects?: number;
  /**
   * Counts the budgets here instead of in this process: in queue mode the Redis store, so that N
   * workers together keep each platform's budget (not N times it).
   */
  sharedBudgets?: WindowStore;
}

/**
 * A token bucket per key: `perMinute` requests a minute, bursts up to a tenth of that. With a
 * shared store: at most a tenth of the minute's budget in any sliding tenth of a minute, counted
 * across processes (the same average rate and burst).
 */
export class RequestBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number; queue: Promise<void> }>();

  constructor(
    private readonly perMinute: Record<string, number>,
    private readonly shared?: WindowStore,
  ) {}

  async take(key: string): Promise<void> {
    const rate = this.perMinute[key] ?? this.perMinute.default ?? Infinity;
    if (!Number.isFinite(rate)) return;
    const capacity = Math.max(1, Math.ceil(rate / 10));
    if (this.shared) return this.takeShared(key, capacity, (capacity / rate) * 60_000);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, at: Date.now(), queue: Promise.resolve() };
      this.buckets.set(key, bucket);
    }
    const b = bucket;
    const turn = b.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 60000) * rate);
        b.at = now;
        if (b.tokens >= 1) {
          b.tokens -= 1;
          return;
        }
        await new Promise((r) => setTimeout(r, Math.ceil(((1 - b.tokens) / rate) * 60000)));
      }
    });
    b.queue = turn;
    await turn;
  }

  /** `capacity` requests per `windowMs`, whichever process sends them; waits for the window to free. */
  private async takeShared(key: string, capacity: number, windowMs: number): Promise<void> {
    for (;;) {
      const state = await this.shared!.hit(`poll-budget:${key}`, windowMs, capacity);
      if (!state.full) return;
      // Several waiters wake together; a little jitter spreads their next try.
      await new Promise((resolve) => setTimeout(resolve, state.retryAfterMs + Math.random() * 50));
    }
  }
}

export class SourceHttpClient {
  private readonly axios: AxiosInstance;
  private readonly budget: RequestBudget;
  /** Requests sent (for run records and the benchmark). */
  requests = 0;

  constructor(private readonly options: HttpClientOptions) {
    const lookup = guardedLookup(options.allowPrivate);
    this.axios = axios.create({
      timeout: options.timeoutMs,
      maxContentLength: options.maxBytes,
      maxBodyLength: 1024 * 1024,
      maxRedirects: 0,
      responseType: 'arraybuffer',
      decompress: true,
      validateStatus: () => true,
      proxy: false,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64, lookup } as http.AgentOptions),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64, lookup } as https.AgentOptions),
      headers: { 'User-Agent': options.userAgent ?? 'gov-newmedia-registry/0.1 (+polling)' },
      transitional: { silentJSONParsing: true, forcedJSONParsing: false, clarifyTimeoutError: true },
    });
    this.budget = new RequestBudget(options.budgets ?? {}, options.sharedBudgets);
  }

  /** Sends the request, following up to `maxRedirects` redirects, each one checked by the guard. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    let url = req.url;
    let method = req.method ?? 'GET';
    let data: string | undefined = req.json === undefined ? undefined : JSON.stringify(req.json);
    const maxRedirects = this.options.maxRedirects ?? 5;
    let extraHeaders = req.headers ?? {};
    for (let hop = 0; ; hop++) {
      try {
        assertUrlAllowed(url, this.options.allowPrivate);
      } catch (error) {
        throw new SourceError('config', error instanceof Error ? error.message : String(error), null, 'blocked');
      }
      await this.budget.take(req.budget ?? 'default');
      this.requests++;
      let response;
      try {
        response = await this.axios.request<ArrayBuffer>({
          url,
          method,
          data,
          headers: { ...(data !== undefined ? { 'Content-Type': 'application/json' } : {}), ...extraHeaders },
        });
      } catch (error) {
        throw translate(error, url);
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(response.headers ?? {})) {
        if (value !== undefined && value !== null) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      if (response.status >= 300 && response.status < 400 && response.status !== 304 && headers.location) {
        if (hop >= maxRedirects) throw new SourceError('transient', `重定向次数过多（超过 ${maxRedirects} 次）：${url}`);
        const next = new URL(headers.location, url);
        if (next.origin !== new URL(url).origin) {
          // A body (WeChat's stable_token carries the AppSecret) or headers never follow a redirect to another origin.
          if (data !== undefined && (response.status === 307 || response.status === 308)) {
            throw new SourceError('config', `接口把带凭据的请求重定向到了其他地址（${next.host}），出于安全未转发，请核对接口地址`, null, 'blocked');
          }
          extraHeaders = {};
        }
        url = next.toString();
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          data = undefined;
        }
        continue;
      }
      return { status: response.status, headers, body: Buffer.from(response.data ?? new ArrayBuffer(0)), url };
    }
  }
}

function translate(error: unknown, url: string): SourceError {
  const code = (error as { code?: string }).code;
  const cause = (error as { cause?: { code?: string } }).cause;
  if (code === 'EADDRBLOCKED' || cause?.code === 'EADDRBLOCKED') {
    return new SourceError('config', error instanceof Error ? error.message : '出站请求被拒绝', null, 'blocked');
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return new SourceError('transient', `请求超时：${hostOf(url)}`, null, 'timeout');
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(String((error as Error).message))) {
    return new SourceError('transient', `响应过大：${hostOf(url)}`, null, 'too_large');
  }
  // The answer had begun (status and headers arrived) when the connection ended: a truncated body.
  if ((error as { response?: unknown }).response) return new SourceError('transient', `响应不完整（传输中断）：${hostOf(url)}`, null, 'truncated');
  return new SourceError('transient', `无法连接 ${hostOf(url)}：${code ?? (error instanceof Error ? error.message : String(error))}`, null, code ?? 'network');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Parses Retry-After (seconds or an HTTP date) into an instant. */
export function retryAfter(headers: Record<string, string>, now = new Date()): Date | null {
  const raw = headers['retry-after'];
  if (!raw) return null;
  if (/^\d+$/.test(raw.trim())) return new Date(now.getTime() + Number(raw.trim()) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : new Date(at);
}

/** Common status handling: 429 → rate limited, 5xx → transient, other 4xx → configuration. */
export function assertOk(response: HttpResponse, what: string, now = new Date(), timeZone = 'Asia/Shanghai'): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  if (status === 429) {
    const at = retryAfter(response.headers, now) ?? new Date(now.getTime() + 60_000);
    throw new SourceError('rate_limited', `${what}：请求过于频繁（429），${formatTime(at, timeZone)} 后再试`, at, 429);
  }
  if (status >= 500 || status === 408) throw new SourceError('transient', `${what}：服务器暂时不可用（HTTP ${status}）`, retryAfter(response.headers, now), status);
  throw new SourceError('config', `${what}：HTTP ${status}，请检查采集地址和凭据`, null, status);
}
