/**
 * Canonical form of an article URL, for "is this post the task's source?" (domain.md,
 * Repost tasks, rule 1). Pure: no framework, no I/O.
 *
 * - WeChat articles: `mp.weixin.qq.com/s?__biz=…&mid=…&idx=…&sn=…` (also the old
 *   `/mp/appmsg/show?__biz=…&appmsgid=…&itemidx=…&sign=…`) → `wechat:<biz>/<mid>/<idx>/<sn>`;
 *   the short form `mp.weixin.qq.com/s/<id>` → `wechat-s:<id>`. The two forms of one article
 *   cannot be equated without fetching it, so they only match their own form.
 * - Weibo statuses: `weibo.com/<uid>/<bid>`, `m.weibo.cn/<uid>/<bid>`, `m.weibo.cn/status/<bid>`,
 *   `m.weibo.cn/detail/<mid>` → `weibo:<bid>` (a numeric mid is converted to its base62 bid;
 *   the uid is not part of the key, a bid is unique on its own).
 * - Anything else: scheme, `www.`, default port, fragment, tracking parameters, parameter
 *   order and a trailing slash are ignored; host is lower-cased; the path keeps its case.
 */

/** Query parameters that only say where a click came from. */
const TRACKING_PARAMS = new Set([
  'from',
  'scene',
  'subscene',
  'ascene',
  'clicktime',
  'enterid',
  'sessionid',
  'isappinstalled',
  'chksm',
  'devicetype',
  'version',
  'nettype',
  'lang',
  'pass_ticket',
  'wx_header',
  'exportkey',
  'share_token',
  'sharer_sharetime',
  'sharer_shareid',
  'sharer_sharetimestamp',
  'srcid',
  'mpshare',
  'key',
  'ascene',
  'realreporttime',
  'poc_token',
  'forceh5',
  'share_source',
  'vd_source',
  'refer_flag',
  'type',
  'is_from_ad',
  'spm',
  'spm_id_from',
  'timestamp',
  'fbclid',
  'gclid',
  'mc_cid',
  'mc_eid',
  'from_source',
  'share_from',
  'wfr',
  'sudaref',
  'display',
  'retcode',
  'jumpfrom',
  'weibo_id',
]);

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Weibo's numeric mid → base62 bid (groups of 7 decimal digits from the right, 4 base62 characters each). */
export function weiboMidToBid(mid: string): string {
  if (!/^\d{10,20}$/.test(mid)) return mid;
  const groups: string[] = [];
  for (let end = mid.length; end > 0; end -= 7) groups.unshift(mid.slice(Math.max(0, end - 7), end));
  return groups
    .map((group, i) => {
      let n = Number(group);
      let out = '';
      do {
        out = BASE62[n % 62] + out;
        n = Math.floor(n / 62);
      } while (n > 0);
      return i === 0 ? out : out.padStart(4, '0');
    })
    .join('');
}

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || lower.startsWith('utm_');
}

function wechat(url: URL): string | null {
  const short = /^\/s\/([A-Za-z0-9_-]{6,})\/?$/.exec(url.pathname);
  if (short) return `wechat-s:${short[1]}`;
  if (url.pathname === '/s' || url.pathname === '/s/' || url.pathname === '/mp/appmsg/show' || url.pathname === '/mp/rumor') {
    const p = url.searchParams;
    const biz = p.get('__biz');
    const mid = p.get('mid') ?? p.get('appmsgid');
    const idx = p.get('idx') ?? p.get('itemidx') ?? '1';
    const sn = p.get('sn') ?? p.get('sign');
    if (biz && mid && sn) return `wechat:${biz.trim()}/${mid.trim()}/${idx.trim()}/${sn.trim().toLowerCase()}`;
  }
  return null;
}

function weibo(url: URL): string | null {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 2 && (parts[0] === 'status' || parts[0] === 'detail')) return `weibo:${weiboMidToBid(parts[1])}`;
  if (parts.length === 2 && /^\d{4,}$/.test(parts[0]) && /^[A-Za-z0-9]{6,20}$/.test(parts[1])) return `weibo:${weiboMidToBid(parts[1])}`;
  return null;
}

function hostOf(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

/** The canonical key of a URL, or null when it is not an http(s) URL. */
export function canonicalUrl(input: string | null | undefined): string | null {
  if (!input) return null;
  const text = input.trim();
  if (!text) return null;
  if (/^(?:mailto|javascript|data|tel|file|ftp|weixin|sms):/i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text.replace(/^\/\//, '')}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = hostOf(url);
  if (!host) return null;
  if (host === 'mp.weixin.qq.com') {
    const key = wechat(url);
    if (key) return key;
  }
  if (host === 'weibo.com' || host === 'm.weibo.cn' || host === 'weibo.cn' || host === 'm.weibo.com') {
    const key = weibo(url);
    if (key) return key;
  }
  const params = [...url.searchParams.entries()].filter(([name]) => !isTracking(name)).sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  let path = url.pathname.replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path === '/') path = '';
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  return `${host}${port}${path}${query}`;
}

/** Both URLs name the same article. */
export function sameArticle(a: string | null | undefined, b: string | null | undefined): boolean {
  const ka = canonicalUrl(a);
  return ka !== null && ka === canonicalUrl(b);
}
