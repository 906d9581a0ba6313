/** `weibo_api`: the commercial `statuses/user_timeline/other` with `since_id`. */
import { parseLooseDate } from '../../../common/loose-date';
import { assertOk } from '../http-client';
import { NormalisedPost, PollContext, PollResult, PostSource, platformUrl, SourceError } from '../post-source';
import { htmlToPlainText } from '../post-body';
import { htmlToText, stableId, truncate } from '../post-text';
import type { SourceKindDefinition } from '../source-kind';

export const WEIBO_ORIGIN = 'https://c.api.weibo.com';
const PAGE_SIZE = 100;
const RATE_LIMITED = new Set([10022, 10023, 10024]);
const CONFIG_ERRORS = new Set([10001, 10006, 10013, 10014, 20003, 21301, 21314, 21315, 21316, 21317, 21327, 21332]);

interface WeiboUser {
  id?: number | string;
  idstr?: string;
  screen_name?: string;
}

interface WeiboStatus {
  id?: number | string;
  idstr?: string;
  mid?: string;
  bid?: string;
  created_at?: string;
  text?: string;
  user?: WeiboUser;
  retweeted_status?: WeiboStatus | null;
}

interface Timeline {
  statuses?: WeiboStatus[];
  error_code?: number;
  error?: string;
}

export class WeiboApiSource implements PostSource {
  constructor(private readonly maxPages = 5) {}

  async poll(context: PollContext): Promise<PollResult> {
    const { uid, accessToken, baseUrl } = context.settings;
    if (!uid || !accessToken) throw new SourceError('config', '微博接口需要 uid 和 access_token');
    const sinceId = typeof context.cursor?.sinceId === 'string' ? context.cursor.sinceId : null;
    const posts: NormalisedPost[] = [];
    let maxId = sinceId;
    for (let page = 1; page <= this.maxPages; page++) {
      const query = new URLSearchParams({ uid, count: String(PAGE_SIZE), page: String(page), access_token: accessToken });
      if (sinceId) query.set('since_id', sinceId);
      const response = await context.http.request({ url: platformUrl(baseUrl, WEIBO_ORIGIN, `/2/statuses/user_timeline/other.json?${query}`), budget: context.budget });
      const body = parse(response.body);
      if (body?.error_code) throw weiboError(body, context.now);
      if (!body) {
        assertOk(response, '微博接口', context.now, context.timeZone);
        throw new SourceError('transient', '微博接口返回的不是有效的 JSON', null, 'malformed');
      }
      assertOk(response, '微博接口', context.now, context.timeZone);
      const statuses = Array.isArray(body.statuses) ? body.statuses : null;
      if (!statuses) throw new SourceError('transient', '微博接口返回格式错误（缺少 statuses）', null, 'malformed');
      for (const status of statuses) {
        const post = toPost(status, uid, context);
        if (!post) continue;
        posts.push(post);
        if (!maxId || greater(post.platformPostId, maxId)) maxId = post.platformPostId;
      }
      if (statuses.length < PAGE_SIZE) break;
    }
    return { posts, cursor: maxId ? { sinceId: maxId } : context.cursor };
  }
}

function toPost(status: WeiboStatus, uid: string, context: PollContext): NormalisedPost | null {
  const id = idOf(status);
  if (!id) return null;
  const repost = status.retweeted_status ?? null;
  const text = htmlToText(status.text ?? '');
  return {
    platformPostId: stableId(id),
    title: truncate(text || '（无正文）', 500),
    url: `https://weibo.com/${uid}/${status.bid || status.mid || id}`,
    publishedAt: parseLooseDate(status.created_at, context.timeZone) ?? context.now,
    isRepost: repost !== null,
    sourceUrl: repost && idOf(repost) ? `https://weibo.com/${repost.user?.idstr ?? repost.user?.id ?? 'u'}/${repost.bid || repost.mid || idOf(repost)}` : null,
    sourceName: repost?.user?.screen_name ?? null,
    // The whole text (the title is its first 500 characters).
    body: htmlToPlainText(status.text) || null,
  };
}

/** Weibo ids pass 2^53; the string forms are exact. */
function idOf(status: WeiboStatus): string | null {
  const id = status.idstr ?? status.mid ?? (status.id !== undefined ? String(status.id) : null);
  return id && /^\d+$/.test(id) ? id : id || null;
}

function greater(a: string, b: string): boolean {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) > BigInt(b);
  return a > b;
}

function parse(body: Buffer): Timeline | null {
  try {
    // Keep long numeric ids exact by quoting them before JSON.parse.
    const text = body.toString('utf8').replace(/("(?:id|mid|since_id|max_id)"\s*:\s*)(\d{16,})/g, '$1"$2"');
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Timeline) : null;
  } catch {
    return null;
  }
}

function weiboError(body: Timeline, now: Date): SourceError {
  const code = Number(body.error_code);
  const text = `微博接口错误 ${code}${body.error ? `(${String(body.error).slice(0, 100)})` : ''}`;
  if (RATE_LIMITED.has(code)) {
    const nextHour = new Date(Math.floor(now.getTime() / 3_600_000 + 1) * 3_600_000);
    return new SourceError('rate_limited', `${text}：调用频次超限，下一个小时再试`, nextHour, code);
  }
  if (CONFIG_ERRORS.has(code)) return new SourceError('config', `${text}：请检查 uid、access_token 与接口权限`, null, code);
  return new SourceError('transient', text, null, code);
}

export const weiboApi: SourceKindDefinition = {
  kind: 'weibo_api',
  label: '微博接口',
  fields: ['baseUrl', 'uid', 'accessToken'],
  required: { uid: '微博接口需要填写 uid', accessToken: '微博接口需要填写 access_token(accessToken)' },
  platforms: ['weibo'],
  createSource: () => new WeiboApiSource(),
};
