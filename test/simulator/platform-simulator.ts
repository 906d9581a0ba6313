/**
 * A local platform simulator that speaks the wire formats the source adapters read:
 * RSS 2.0, Atom, JSON Feed 1.1 (including RSSHub's Weibo routes and repost markers),
 * the WeChat official account API (stable_token, freepublish/batchget) and Weibo's
 * statuses/user_timeline/other. Faults are switchable: latency, 5xx, 429 with
 * Retry-After, token expiry, quota exhausted, malformed bodies, configuration errors;
 * feeds answer conditional requests with 304. Plain Node (no framework): used by the
 * e2e tests, the benchmark and (later) the demo.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as iconv from 'iconv-lite';

export interface SimPost {
  id: string;
  title: string;
  publishedAt: Date;
  url?: string;
  /** A repost of this original. */
  repostOf?: { url: string; name: string };
  /** The article HTML, served as RSS `content:encoded` (the body the content checks read). */
  bodyHtml?: string;
}

export type FeedFormat = 'rss' | 'atom' | 'json' | 'rsshub-weibo';

export interface SimFeed {
  format: FeedFormat;
  posts: SimPost[];
  /** Serve the XML in GBK with a matching declaration. */
  encoding?: 'utf-8' | 'gbk';
  /** Leave out guid/id (tolerance test). */
  omitIds?: boolean;
}

export interface Faults {
  /** Delay before every answer, ms. */
  latencyMs?: number;
  /** Answer this many requests with 503 (-1: every request). */
  serverErrors?: number;
  /** Answer this many requests with 429 and Retry-After. */
  rateLimited?: number;
  retryAfterSeconds?: number;
  /** Answer this many requests with a broken body. */
  malformed?: number;
  /** WeChat: the daily quota is used up (45009). */
  quotaExhausted?: boolean;
  /** WeChat: answer with this errcode (e.g. 40164, -1). */
  wechatErrcode?: number;
  /** Weibo: answer with this error_code (e.g. 10023). */
  weiboErrorCode?: number;
  /** Only requests whose path starts with this prefix are affected. */
  pathPrefix?: string;
}

export interface SimRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  status: number;
}

interface WechatApp {
  secret: string;
  posts: SimPost[];
  tokens: Set<string>;
}

interface WeiboUser {
  accessToken: string;
  posts: SimPost[];
  screenName: string;
}

export class PlatformSimulator {
  readonly feeds = new Map<string, SimFeed>();
  readonly wechat = new Map<string, WechatApp>();
  readonly weibo = new Map<string, WeiboUser>();
  requests: SimRequest[] = [];
  /** Paths of the requests as they arrive (before any latency fault; `requests` records the answers). */
  arrivals: string[] = [];
  counts = { total: 0, stableToken: 0, batchget: 0, timeline: 0, feed: 0, notModified: 0 };
  private faults: Faults = {};
  private server?: http.Server;
  private tokenCounter = 0;
  /** Record every request (off for the benchmark, to keep memory flat). */
  recordRequests = true;
  url = '';

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  setFaults(faults: Faults): void {
    this.faults = { ...faults };
  }

  clearFaults(): void {
    this.faults = {};
  }

  resetLog(): void {
    this.requests = [];
    this.arrivals = [];
    this.counts = { total: 0, stableToken: 0, batchget: 0, timeline: 0, feed: 0, notModified: 0 };
  }

  addFeed(key: string, feed: SimFeed): string {
    this.feeds.set(key, feed);
    return `${this.url}/feeds/${key}`;
  }

  addWechatApp(appId: string, secret: string, posts: SimPost[]): void {
    this.wechat.set(appId, { secret, posts, tokens: new Set() });
  }

  addWeiboUser(uid: string, accessToken: string, posts: SimPost[], screenName = `用户${uid}`): void {
    this.weibo.set(uid, { accessToken, posts, screenName });
  }

  /** Every issued WeChat access token becomes invalid (the platform answers 42001). */
  expireTokens(): void {
    for (const app of this.wechat.values()) app.tokens.clear();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sim');
    if (this.recordRequests) this.arrivals.push(url.pathname);
    const send = (status: number, payload: string | Buffer, headers: Record<string, string> = {}) => {
      this.counts.total++;
      if (this.recordRequests) this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, status });
      res.writeHead(status, headers);
      res.end(payload);
    };
    const f = this.faults;
    if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
    const affected = !f.pathPrefix || url.pathname.startsWith(f.pathPrefix);
    if (affected && f.serverErrors) {
      if (f.serverErrors > 0) f.serverErrors--;
      return send(503, 'Service Unavailable', { 'Content-Type': 'text/plain' });
    }
    if (affected && f.rateLimited) {
      f.rateLimited--;
      return send(429, 'Too Many Requests', { 'Retry-After': String(f.retryAfterSeconds ?? 120), 'Content-Type': 'text/plain' });
    }
    const malformed = affected && !!f.malformed;
    if (malformed) f.malformed!--;
    try {
      if (url.pathname.startsWith('/feeds/') || url.pathname.startsWith('/weibo/user/')) return this.serveFeed(url, req, send, malformed);
      if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') return this.stableToken(body, send, malformed);
      if (url.pathname === '/cgi-bin/freepublish/batchget' && req.method === 'POST') return this.batchget(url, body, send, malformed, affected);
      if (url.pathname === '/2/statuses/user_timeline/other.json') return this.timeline(url, send, malformed, affected);
      send(404, JSON.stringify({ error: 'not found' }), { 'Content-Type': 'application/json' });
    } catch (error) {
      send(500, String(error));
    }
  }

  // ---- feeds ----

  private serveFeed(url: URL, req: http.IncomingMessage, send: (s: number, b: string | Buffer, h?: Record<string, string>) => void, malformed: boolean): void {
    this.counts.feed++;
    let key: string;
    let format: FeedFormat | undefined;
    if (url.pathname.startsWith('/weibo/user/')) {
      const rest = url.pathname.slice('/weibo/user/'.length);
      const json = rest.endsWith('.json');
      key = `weibo-${json ? rest.slice(0, -5) : rest}`;
      format = json ? 'json' : 'rsshub-weibo';
    } else {
      key = url.pathname.slice('/feeds/'.length).replace(/\.(rss|atom|json|xml)$/, '');
    }
    const feed = this.feeds.get(key);
    if (!feed) return send(404, 'feed not found', { 'Content-Type': 'text/plain' });
    format ??= feed.format;
    const latest = feed.posts.reduce((max, p) => Math.max(max, p.publishedAt.getTime()), 0);
    const etag = `"${createHash('sha1')
      .update(`${key}|${format}|${feed.posts.length}|${latest}|${feed.posts[0]?.id ?? ''}`)
      .digest('hex')
      .slice(0, 16)}"`;
    const lastModified = new Date(latest || 0).toUTCString();
    const since = req.headers['if-modified-since'];
    if (!malformed && (req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && since && Date.parse(since) >= Math.floor(latest / 1000) * 1000))) {
      this.counts.notModified++;
      return send(304, '', { ETag: etag, 'Last-Modified': lastModified });
    }
    const headers = { ETag: etag, 'Last-Modified': lastModified };
    if (malformed)
      return send(200, '<?xml version="1.0"?><rss version="2.0"><channel><title>坏的<item><title>截断', { ...headers, 'Content-Type': 'application/rss+xml; charset=utf-8' });
    if (format === 'json') return send(200, JSON.stringify(jsonFeed(key, feed)), { ...headers, 'Content-Type': 'application/feed+json; charset=utf-8' });
    const xml = format === 'atom' ? atom(key, feed) : rss(key, feed, format === 'rsshub-weibo');
    if (feed.encoding === 'gbk') {
      return send(200, iconv.encode(xml.replace('encoding="UTF-8"', 'encoding="GBK"'), 'gbk'), { ...headers, 'Content-Type': 'application/xml' });
    }
    send(200, xml, { ...headers, 'Content-Type': format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8' });
  }

  // ---- WeChat ----

  private stableToken(body: string, send: (s: number, b: string, h?: Record<string, string>) => void, malformed: boolean): void {
    this.counts.stableToken++;
    const json = (value: unknown) => send(200, JSON.stringify(value), { 'Content-Type': 'application/json' });
    if (malformed) return send(200, '{"access_token": ', { 'Content-Type': 'application/json' });
    let input: { appid?: string; secret?: string; force_refresh?: boolean };
    try {
      input = JSON.parse(body);
    } catch {
      return json({ errcode: 47001, errmsg: 'data format error' });
    }
    const code = this.faults.wechatErrcode;
    if (code && [40164, 48001].includes(code)) return json({ errcode: code, errmsg: `simulated ${code}` });
    const app = this.wechat.get(input.appid ?? '');
    if (!app) return json({ errcode: 40013, errmsg: 'invalid appid' });
    if (app.secret !== input.secret) return json({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (input.force_refresh) app.tokens.clear();
    if (!app.tokens.size) app.tokens.add(`simtok_${input.appid}_${++this.tokenCounter}`);
    json({ access_token: [...app.tokens][0], expires_in: 7200 });
  }

  private batchget(url: URL, body: string, send: (s: number, b: string, h?: Record<string, string>) => void, malformed: boolean, affected: boolean): void {
    this.counts.batchget++;
    const json = (value: unknown) => send(200, JSON.stringify(value), { 'Content-Type': 'application/json' });
    if (malformed) return send(200, '<html>gateway error</html>', { 'Content-Type': 'text/html' });
    const token = url.searchParams.get('access_token') ?? '';
    const app = [...this.wechat.values()].find((a) => a.tokens.has(token));
    if (!app) return json({ errcode: 42001, errmsg: 'access_token expired' });
    if (affected && this.faults.quotaExhausted) return json({ errcode: 45009, errmsg: 'reach max api daily quota limit' });
    if (affected && this.faults.wechatErrcode) return json({ errcode: this.faults.wechatErrcode, errmsg: `simulated ${this.faults.wechatErrcode}` });
    const { offset = 0, count = 20 } = JSON.parse(body || '{}') as { offset?: number; count?: number };
    if (count > 20 || count < 1) return json({ errcode: 40009, errmsg: 'invalid count' });
    const sorted = newestFirst(app.posts);
    const page = sorted.slice(offset, offset + count);
    json({
      total_count: sorted.length,
      item_count: page.length,
      item: page.map((p) => ({
        article_id: p.id,
        update_time: Math.floor(p.publishedAt.getTime() / 1000),
        content: {
          news_item: [
            {
              title: p.title,
              author: '',
              digest: p.title.slice(0, 20),
              content_source_url: p.repostOf?.url ?? '',
              url: p.url ?? `https://mp.weixin.qq.com/s/${p.id}`,
              thumb_url: '',
              is_deleted: false,
            },
          ],
          create_time: Math.floor(p.publishedAt.getTime() / 1000),
          update_time: Math.floor(p.publishedAt.getTime() / 1000),
        },
      })),
    });
  }

  // ---- Weibo ----

  private timeline(url: URL, send: (s: number, b: string, h?: Record<string, string>) => void, malformed: boolean, affected: boolean): void {
    this.counts.timeline++;
    const json = (status: number, value: unknown) => send(status, JSON.stringify(value), { 'Content-Type': 'application/json' });
    if (malformed) return send(200, '{"statuses":[{"id":', { 'Content-Type': 'application/json' });
    const uid = url.searchParams.get('uid') ?? '';
    const user = this.weibo.get(uid);
    if (affected && this.faults.weiboErrorCode) return json(403, { error: 'simulated', error_code: this.faults.weiboErrorCode, request: url.pathname });
    if (!user) return json(400, { error: 'User does not exists!', error_code: 20003, request: url.pathname });
    if (url.searchParams.get('access_token') !== user.accessToken) return json(401, { error: 'expired_token', error_code: 21327, request: url.pathname });
    const sinceId = url.searchParams.get('since_id');
    const count = Math.min(100, Number(url.searchParams.get('count') ?? 20));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const newer = newestFirst(user.posts).filter((p) => !sinceId || BigInt(p.id) > BigInt(sinceId));
    const slice = newer.slice((page - 1) * count, page * count);
    json(200, {
      statuses: slice.map((p) => ({
        created_at: weiboDate(p.publishedAt),
        id: Number(p.id),
        idstr: p.id,
        mid: p.id,
        bid: `B${p.id}`,
        text: p.title,
        reposts_count: 0,
        user: { id: Number(uid), idstr: uid, screen_name: user.screenName },
        ...(p.repostOf
          ? { retweeted_status: { id: 1, idstr: '1', mid: '1', bid: 'Orig1', text: '原微博', user: { id: 2803301701, idstr: '2803301701', screen_name: p.repostOf.name } } }
          : {}),
      })),
      total_number: newer.length,
    });
  }
}

/** `n` posts, newest last, one every `stepMinutes` from `start`; every `repostEvery`-th a repost. */
export function makePosts(prefix: string, n: number, options: { start?: Date; stepMinutes?: number; repostEvery?: number; numericIds?: boolean } = {}): SimPost[] {
  const start = options.start?.getTime() ?? Date.UTC(2023, 6, 1, 1, 0, 0);
  const step = (options.stepMinutes ?? 60) * 60_000;
  return Array.from({ length: n }, (_, i) => {
    const id = options.numericIds ? String(4_900_000_000_000_000 + i + 1) : `${prefix}-${i + 1}`;
    const repost = options.repostEvery && (i + 1) % options.repostEvery === 0;
    return {
      id,
      title: repost ? `【转载】国务院通知 ${prefix} 第${i + 1}条` : `${prefix} 第${i + 1}条 & 动态`,
      publishedAt: new Date(start + i * step),
      url: `https://example.gov.cn/${prefix}/${i + 1}.html`,
      ...(repost ? { repostOf: { url: `https://www.gov.cn/zhengce/${prefix}-${i + 1}.htm`, name: '中国政府网' } } : {}),
    };
  });
}

function newestFirst(posts: SimPost[]): SimPost[] {
  return [...posts].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function rss(key: string, feed: SimFeed, rsshubWeibo: boolean): string {
  const items = newestFirst(feed.posts).map((p) => {
    const link = p.url ?? `https://example.gov.cn/${key}/${p.id}`;
    let title = p.title;
    let description = `<p>${esc(p.title)}</p>`;
    let source = '';
    if (p.repostOf && rsshubWeibo) {
      title = `${p.title} - 转发 @${p.repostOf.name}: 原微博内容`;
      description = `${esc(p.title)}<br clear="both" /><div style="clear: both"></div><blockquote> - 转发 <a href="https://weibo.com/n/${esc(p.repostOf.name)}" target="_blank">@${esc(p.repostOf.name)}</a>: 原微博内容<br><a href="${esc(p.repostOf.url)}" target="_blank">原博</a></blockquote>`;
    } else if (p.repostOf) {
      source = `<source url="${esc(p.repostOf.url)}">${esc(p.repostOf.name)}</source>`;
    }
    const content = p.bodyHtml ? `<content:encoded><![CDATA[${p.bodyHtml}]]></content:encoded>` : '';
    return `<item><title><![CDATA[${title}]]></title><description><![CDATA[${description}]]></description>${content}${feed.omitIds ? '' : `<guid isPermaLink="false">${esc(p.id)}</guid>`}<link>${esc(link)}</link><pubDate>${p.publishedAt.toUTCString()}</pubDate>${source}</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${esc(key)}</title><link>https://example.gov.cn/${esc(key)}</link><description>simulated</description>${items.join('')}</channel></rss>`;
}

function atom(key: string, feed: SimFeed): string {
  const entries = newestFirst(feed.posts).map((p) => {
    const via = p.repostOf ? `<link rel="via" href="${esc(p.repostOf.url)}" title="${esc(p.repostOf.name)}"/>` : '';
    return `<entry>${feed.omitIds ? '' : `<id>urn:sim:${esc(p.id)}</id>`}<title type="html">${esc(p.title)}</title><link rel="alternate" href="${esc(p.url ?? `https://example.gov.cn/${p.id}`)}"/>${via}<published>${p.publishedAt.toISOString()}</published><updated>${p.publishedAt.toISOString()}</updated><summary>${esc(p.title)}</summary></entry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(key)}</title><id>urn:sim:${esc(key)}</id><updated>${new Date().toISOString()}</updated>${entries.join('')}</feed>`;
}

function jsonFeed(key: string, feed: SimFeed): unknown {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: key,
    home_page_url: `https://example.gov.cn/${key}`,
    items: newestFirst(feed.posts).map((p) => ({
      ...(feed.omitIds ? {} : { id: p.id }),
      url: p.url,
      title: p.title,
      content_text: p.title,
      date_published: p.publishedAt.toISOString(),
      ...(p.repostOf ? { external_url: p.repostOf.url } : {}),
    })),
  };
}

function weiboDate(d: Date): string {
  // Weibo writes Beijing time: `Tue May 31 17:46:55 +0800 2011`.
  const bj = new Date(d.getTime() + 8 * 3_600_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[bj.getUTCDay()]} ${months[bj.getUTCMonth()]} ${pad(bj.getUTCDate())} ${pad(bj.getUTCHours())}:${pad(bj.getUTCMinutes())}:${pad(bj.getUTCSeconds())} +0800 ${bj.getUTCFullYear()}`;
}
