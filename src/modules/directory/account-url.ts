/**
 * Canonical keys for government new-media account URLs (公开名录 / 账号核验).
 *
 * Pure functions, no framework: a URL a citizen pastes and the homepage URL on record are
 * both reduced to a key such as `weibo:uid:1234567`; two URLs name the same account when
 * their keys are equal. Scheme, `www.`/`m.`, trailing slashes, tracking parameters and
 * fragments do not matter.
 */

export type KnownPlatform = 'wechat' | 'weibo' | 'toutiao' | 'douyin' | 'kuaishou' | 'bilibili';

export interface AccountUrlKey {
  /** The platform the URL belongs to, or null when it is not a recognised account URL. */
  platform: KnownPlatform | null;
  /** The account's identifier on the platform as found in the URL (null for generic URLs). */
  id: string | null;
  /** Comparable key, e.g. `wechat:biz:MzA1MjM0NTY3OA`, `weibo:uid:1234567`, `url:example.gov.cn/a`. */
  key: string;
}

export class InvalidAccountUrlError extends Error {}

/** Query parameters that only track where a link was shared; ignored for generic URLs. */
const TRACKING_PARAMS = /^(utm_.*|spm|from|source|scene|share_.*|sharer_.*|is_from_app|is_copy_url|refer|referer|ref|timestamp|t|wfr|luicode|lfid|featurecode|previous_page|u_code|did|iid|app|enter_from|tt_from|utm|chksm|sessionid|clicktime|enterid|ascene|devicetype|version|nettype|lang|pass_ticket|wx_header|exportkey|abtest_cookie|mpshare|srcid|sharer_sharetime|sharer_shareid|rd2werd|vid|isappinstalled|xtrack)$/i;

const MAX_URL_LENGTH = 2000;

/**
 * Parses user input as an http(s) URL. A bare `weibo.com/u/123` is read as https.
 * Throws InvalidAccountUrlError for other schemes or unparsable text.
 */
export function parseHttpUrl(raw: string): URL {
  const text = raw.trim();
  if (!text) throw new InvalidAccountUrlError('网址不能为空');
  if (text.length > MAX_URL_LENGTH) throw new InvalidAccountUrlError(`网址过长,最多 ${MAX_URL_LENGTH} 个字符`);
  let candidate = text;
  if (!/^https?:\/\//i.test(text)) {
    // "host:port/..." is not a scheme; anything else with "xxx:" is (javascript:, ftp:, data: …).
    if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^/:?#]+:\d+(\/|$)/.test(text)) {
      throw new InvalidAccountUrlError('网址必须以 http:// 或 https:// 开头');
    }
    if (text.startsWith('//')) candidate = `https:${text}`;
    else candidate = `https://${text}`;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new InvalidAccountUrlError('无法识别的网址,请粘贴完整的账号主页链接');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidAccountUrlError('网址必须以 http:// 或 https:// 开头');
  if (!url.hostname || !url.hostname.includes('.')) throw new InvalidAccountUrlError('无法识别的网址,请粘贴完整的账号主页链接');
  return url;
}

/** Host without `www.`, `m.`, `mobile.` and a trailing dot, lower case. */
function bareHost(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^(www|m|mobile|wap)\./, '');
}

function segments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

const cleanId = (value: string | null | undefined): string | null => {
  const v = (value ?? '').trim();
  return v && /^[A-Za-z0-9_\-.=+/]+$/.test(v) ? v : null;
};

/** WeChat __biz is base64; links differ in whether the "==" padding is kept. */
export function normaliseBiz(biz: string): string {
  return biz.trim().replace(/=+$/, '');
}

function known(platform: KnownPlatform, kind: string, id: string): AccountUrlKey {
  return { platform, id, key: `${platform}:${kind}:${id}` };
}

function wechat(url: URL): AccountUrlKey | null {
  const biz = cleanId(url.searchParams.get('__biz'));
  return biz ? known('wechat', 'biz', normaliseBiz(biz)) : null;
}

const WEIBO_RESERVED = new Set(['u', 'p', 'n', 'profile', 'status', 'detail', 'search', 'login', 'signup', 'home', 'hot', 'topic', 'tv', 'ajax', 'api']);

function weibo(url: URL): AccountUrlKey | null {
  const s = segments(url);
  if ((s[0] === 'u' || s[0] === 'profile') && s[1] && /^\d{4,20}$/.test(s[1])) return known('weibo', 'uid', s[1]);
  if (s.length >= 1 && /^\d{4,20}$/.test(s[0])) return known('weibo', 'uid', s[0]);
  const uid = url.searchParams.get('uid');
  if (uid && /^\d{4,20}$/.test(uid)) return known('weibo', 'uid', uid);
  // Personalised domain: weibo.com/fengxiangfabu
  if (s.length === 1 && /^[A-Za-z][A-Za-z0-9_]{1,40}$/.test(s[0]) && !WEIBO_RESERVED.has(s[0].toLowerCase())) {
    return known('weibo', 'domain', s[0].toLowerCase());
  }
  return null;
}

function toutiao(url: URL): AccountUrlKey | null {
  const s = segments(url);
  // /c/user/token/<token>/ and /c/user/<numeric id>/
  if (s[0] === 'c' && s[1] === 'user') {
    if (s[2] === 'token' && cleanId(s[3])) return known('toutiao', 'token', s[3]);
    if (s[2] && /^\d{4,24}$/.test(s[2])) return known('toutiao', 'user', s[2]);
  }
  // m.toutiao.com/profile/<id>/ , /profile_v2/..., /user/<id>/
  if ((s[0] === 'profile' || s[0] === 'profile_v2' || s[0] === 'user') && s[1]) {
    if (s[1] === 'token' && cleanId(s[2])) return known('toutiao', 'token', s[2]);
    if (/^\d{4,24}$/.test(s[1])) return known('toutiao', 'user', s[1]);
    if (cleanId(s[1])) return known('toutiao', 'token', s[1]);
  }
  const token = cleanId(url.searchParams.get('token'));
  if (token) return known('toutiao', 'token', token);
  return null;
}

function douyin(url: URL, host: string): AccountUrlKey | null {
  const s = segments(url);
  // The share page carries the sec_uid as a parameter when its path holds the numeric uid.
  const secUid = cleanId(url.searchParams.get('sec_uid'));
  if (host === 'iesdouyin.com' && s[0] === 'share' && s[1] === 'user') {
    if (secUid) return known('douyin', 'user', secUid);
    if (cleanId(s[2])) return known('douyin', 'user', s[2]);
    return null;
  }
  if (s[0] === 'user' && cleanId(s[1])) return known('douyin', 'user', s[1]);
  if (secUid) return known('douyin', 'user', secUid);
  return null;
}

function kuaishou(url: URL): AccountUrlKey | null {
  const s = segments(url);
  if ((s[0] === 'profile' || s[0] === 'u') && cleanId(s[1])) return known('kuaishou', 'user', s[1]);
  return null;
}

function bilibili(url: URL, host: string): AccountUrlKey | null {
  const s = segments(url);
  if (host === 'space.bilibili.com' && s[0] && /^\d{1,20}$/.test(s[0])) return known('bilibili', 'uid', s[0]);
  return null;
}

/** Any other URL: host (no www./m.) + path (no trailing slash) + non-tracking query, sorted. */
function generic(url: URL, host: string): AccountUrlKey {
  const path = url.pathname.replace(/\/+$/, '');
  const params = [...url.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k)).sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  return { platform: null, id: null, key: `url:${host}${port}${path}${query}` };
}

/** The canonical key of an account URL (parsed). */
export function accountUrlKeyOf(url: URL): AccountUrlKey {
  const host = bareHost(url);
  let result: AccountUrlKey | null = null;
  if (host === 'mp.weixin.qq.com') result = wechat(url);
  else if (host === 'weibo.com' || host === 'weibo.cn') result = weibo(url);
  else if (host === 'toutiao.com') result = toutiao(url);
  else if (host === 'douyin.com' || host === 'iesdouyin.com') result = douyin(url, host);
  else if (host === 'kuaishou.com' || host === 'live.kuaishou.com') result = kuaishou(url);
  else if (host === 'space.bilibili.com') result = bilibili(url, host);
  return result ?? generic(url, host);
}

/** The canonical key of URL text; throws InvalidAccountUrlError for text that is not an http(s) URL. */
export function accountUrlKey(raw: string): AccountUrlKey {
  return accountUrlKeyOf(parseHttpUrl(raw));
}

/** Like accountUrlKey, but null instead of throwing (for homepage URLs on record). */
export function tryAccountUrlKey(raw: string | null | undefined): AccountUrlKey | null {
  if (!raw) return null;
  try {
    return accountUrlKey(raw);
  } catch {
    return null;
  }
}

/**
 * The keys an identifier given as `?platform=&id=` stands for, as if it were in a URL:
 * a Weibo uid, a WeChat __biz, a Toutiao token or user id, a Douyin sec_uid.
 * (A WeChat gh_… original id is matched against platformAccountId, not a URL.)
 */
export function keysForPlatformId(platform: string, rawId: string): string[] {
  const id = rawId.trim();
  if (!id) return [];
  switch (platform) {
    case 'wechat':
      return /^gh_/i.test(id) ? [] : [`wechat:biz:${normaliseBiz(id)}`];
    case 'weibo':
      return /^\d+$/.test(id) ? [`weibo:uid:${id}`] : [`weibo:domain:${id.toLowerCase()}`];
    case 'toutiao':
      return /^\d+$/.test(id) ? [`toutiao:user:${id}`, `toutiao:token:${id}`] : [`toutiao:token:${id}`];
    case 'douyin':
      return [`douyin:user:${id}`];
    case 'kuaishou':
      return [`kuaishou:user:${id}`];
    case 'bilibili':
      return [`bilibili:uid:${id}`];
    default:
      return [];
  }
}

/** Compares platform account ids: trimmed; WeChat original ids (gh_…) are case-insensitive. */
export function samePlatformId(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = (a ?? '').trim();
  const y = (b ?? '').trim();
  if (!x || !y) return false;
  if (/^gh_/i.test(x) && /^gh_/i.test(y)) return x.toLowerCase() === y.toLowerCase();
  return x === y;
}

/**
 * A fragment of the identifier that survives URL encoding, for narrowing candidate rows
 * with LIKE before comparing keys exactly (the longest run of [A-Za-z0-9_-]).
 */
export function searchFragment(id: string): string {
  const runs = id.match(/[A-Za-z0-9_-]+/g) ?? [];
  return runs.reduce((longest, run) => (run.length > longest.length ? run : longest), '');
}
