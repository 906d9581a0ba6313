/**
 * `wechat_api`: the official account API. `stable_token` is cached per app until shortly
 * before it expires and refreshed once when the platform says it is invalid; published
 * items (`freepublish/batchget`) are read newest first, 20 at a time, until a page
 * reaches posts already stored.
 */
import { startOfNextDay } from '../../../common/quarter';
import { assertOk, HttpResponse } from '../http-client';
import { NormalisedPost, PollContext, PollResult, PostSource, platformUrl, SourceError } from '../post-source';
import { htmlToPlainText } from '../post-body';
import { cleanUrl, htmlToText, stableId, truncate } from '../post-text';
import type { SourceKindDefinition } from '../source-kind';

export const WECHAT_ORIGIN = 'https://api.weixin.qq.com';
const PAGE_SIZE = 20;
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
const CONFIG_ERRORS = new Set([40125, 40164, 48001, 40013, 41002, 41004, 40002, 89503]);
const REPOST_TITLE = /^\s*(【\s*转载\s*】|\[转载\]|转载[:：]|转发[:：]|转自)/;

interface TokenEntry {
  token: string;
  expiresAt: number;
}

/** access tokens per (origin, appId), in memory only: never stored, never logged. */
export class WechatTokenCache {
  private readonly entries = new Map<string, TokenEntry>();
  constructor(private readonly refreshMarginMs = 5 * 60_000) {}

  get(key: string, now: number): string | null {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt - this.refreshMarginMs > now ? entry.token : null;
  }

  set(key: string, token: string, expiresInSeconds: number, now: number): void {
    this.entries.set(key, { token, expiresAt: now + expiresInSeconds * 1000 });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

interface WechatError {
  errcode?: number;
  errmsg?: string;
}

interface NewsItem {
  title?: string;
  author?: string;
  digest?: string;
  /** The article's HTML (batchget with no_content 0). */
  content?: string;
  content_source_url?: string;
  url?: string;
  is_deleted?: boolean;
}

interface BatchItem {
  article_id?: string;
  update_time?: number;
  content?: { news_item?: NewsItem[]; create_time?: number; update_time?: number };
}

interface BatchGet extends WechatError {
  total_count?: number;
  item_count?: number;
  item?: BatchItem[];
}

export class WechatApiSource implements PostSource {
  constructor(
    private readonly tokens = new WechatTokenCache(),
    private readonly maxPages = 50,
  ) {}

  async poll(context: PollContext): Promise<PollResult> {
    const { appId, appSecret } = context.settings;
    if (!appId || !appSecret) throw new SourceError('config', '微信公众号接口需要 AppID 和 AppSecret');
    const posts: NormalisedPost[] = [];
    let offset = 0;
    for (let page = 0; page < this.maxPages; page++) {
      const batch = await this.withToken(context, (token) => this.batchget(context, token, offset));
      const items = batch.item ?? [];
      const pagePosts = items.flatMap((item) => toPosts(item));
      const known = pagePosts.length ? await context.known(pagePosts.map((p) => p.platformPostId)) : new Set<string>();
      posts.push(...pagePosts.filter((p) => !known.has(p.platformPostId)));
      offset += items.length;
      if (known.size > 0 || items.length === 0 || offset >= (batch.total_count ?? 0)) break;
    }
    return { posts, cursor: null };
  }

  private async withToken(context: PollContext, call: (token: string) => Promise<BatchGet>): Promise<BatchGet> {
    let token = await this.token(context, false);
    let result = await call(token);
    if (result.errcode && TOKEN_ERRORS.has(result.errcode)) {
      token = await this.token(context, true);
      result = await call(token);
    }
    if (result.errcode) throw wechatError(result, context.now, context.timeZone);
    return result;
  }

  private async token(context: PollContext, forceRefresh: boolean): Promise<string> {
    const { appId, appSecret, baseUrl } = context.settings;
    const key = `${baseUrl || WECHAT_ORIGIN}|${appId}`;
    const now = Date.now();
    if (forceRefresh) this.tokens.forget(key);
    else {
      const cached = this.tokens.get(key, now);
      if (cached) return cached;
    }
    const response = await context.http.request({
      method: 'POST',
      url: platformUrl(baseUrl, WECHAT_ORIGIN, '/cgi-bin/stable_token'),
      json: { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: forceRefresh },
      budget: context.budget,
    });
    const body = json<{ access_token?: string; expires_in?: number } & WechatError>(response, context.now, '微信 stable_token');
    if (body.errcode) throw wechatError(body, context.now, context.timeZone);
    if (!body.access_token) throw new SourceError('transient', '微信 stable_token 未返回 access_token', null, 'malformed');
    this.tokens.set(key, body.access_token, Number(body.expires_in) || 7200, now);
    return body.access_token;
  }

  private async batchget(context: PollContext, token: string, offset: number): Promise<BatchGet> {
    const response = await context.http.request({
      method: 'POST',
      url: platformUrl(context.settings.baseUrl, WECHAT_ORIGIN, `/cgi-bin/freepublish/batchget?access_token=${encodeURIComponent(token)}`),
      // no_content 0: the article HTML comes along (the 正文 the content checks read).
      json: { offset, count: PAGE_SIZE, no_content: 0 },
      budget: context.budget,
    });
    const body = json<BatchGet>(response, context.now, '微信 freepublish/batchget');
    if (!body.errcode && !Array.isArray(body.item ?? [])) throw new SourceError('transient', '微信 freepublish/batchget 返回格式错误', null, 'malformed');
    return body;
  }
}

function toPosts(item: BatchItem): NormalisedPost[] {
  const articleId = item.article_id;
  if (!articleId) return [];
  const at = Number(item.update_time ?? item.content?.update_time ?? item.content?.create_time);
  const publishedAt = Number.isFinite(at) && at > 0 ? new Date(at * 1000) : new Date();
  return (item.content?.news_item ?? [])
    .map((news, index) => ({ news, index }))
    .filter(({ news }) => !news.is_deleted)
    .map(({ news, index }) => {
      const title = truncate(htmlToText(news.title ?? '') || htmlToText(news.digest ?? '') || '（无标题）', 500);
      const sourceUrl = cleanUrl(news.content_source_url);
      return {
        platformPostId: stableId(`${articleId}_${index + 1}`),
        title,
        url: cleanUrl(news.url),
        publishedAt,
        isRepost: sourceUrl !== null || REPOST_TITLE.test(title),
        sourceUrl,
        sourceName: null,
        body: htmlToPlainText(news.content) || htmlToText(news.digest ?? '') || null,
      };
    });
}

function json<T>(response: HttpResponse, now: Date, what: string): T {
  if (response.status !== 200) assertOk(response, what, now);
  try {
    const value = JSON.parse(response.body.toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as T;
  } catch {
    throw new SourceError('transient', `${what} 返回的不是有效的 JSON`, null, 'malformed');
  }
}

function wechatError(body: WechatError, now: Date, timeZone: string): SourceError {
  const code = Number(body.errcode);
  const text = `微信接口错误 ${code}${body.errmsg ? `(${String(body.errmsg).slice(0, 100)})` : ''}`;
  if (code === 45009) return new SourceError('quota', `${text}：今日调用次数已用完，明日再试`, startOfNextDay(now, timeZone), code);
  if (CONFIG_ERRORS.has(code)) {
    const hint = code === 40125 ? 'AppSecret 不正确' : code === 40164 ? '服务器 IP 不在公众号白名单中' : code === 48001 ? '公众号未获得该接口权限' : 'AppID/AppSecret 配置有误';
    return new SourceError('config', `${text}：${hint}，请检查采集配置`, null, code);
  }
  if (TOKEN_ERRORS.has(code)) return new SourceError('transient', `${text}：access_token 刷新后仍无效`, null, code);
  return new SourceError('transient', `${text}：平台繁忙，稍后重试`, null, code);
}

export const wechatApi: SourceKindDefinition = {
  kind: 'wechat_api',
  label: '微信公众号接口',
  fields: ['baseUrl', 'appId', 'appSecret'],
  required: { appId: '微信公众号接口需要填写 AppID(appId)', appSecret: '微信公众号接口需要填写 AppSecret(appSecret)' },
  platforms: ['wechat'],
  createSource: () => new WechatApiSource(),
};
