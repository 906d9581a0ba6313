/**
 * Reading account URLs, for the platform definitions and the registry. Pure functions, no
 * framework. Scheme, `www.`/`m.`, trailing slashes and fragments never matter.
 */

export class InvalidAccountUrlError extends Error {}

const MAX_URL_LENGTH = 2000;

/**
 * Parses user input as an http(s) URL. A bare `weibo.com/u/123` is read as https.
 * Throws InvalidAccountUrlError for other schemes or unparsable text.
 */
export function parseHttpUrl(raw: string): URL {
  const text = raw.trim();
  if (!text) throw new InvalidAccountUrlError('网址不能为空');
  if (text.length > MAX_URL_LENGTH) throw new InvalidAccountUrlError(`网址过长，最多 ${MAX_URL_LENGTH} 个字符`);
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
    throw new InvalidAccountUrlError('无法识别的网址，请粘贴完整的账号主页链接');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidAccountUrlError('网址必须以 http:// 或 https:// 开头');
  if (!url.hostname || !url.hostname.includes('.')) throw new InvalidAccountUrlError('无法识别的网址，请粘贴完整的账号主页链接');
  return url;
}

/** Like parseHttpUrl, but undefined instead of throwing. */
export function tryParseHttpUrl(raw: string | null | undefined): URL | undefined {
  if (!raw) return undefined;
  try {
    return parseHttpUrl(raw);
  } catch {
    return undefined;
  }
}

/** The prefixes of a host that name no different site. */
const HOST_PREFIX = /^(www|m|mobile|wap)\./;

/** Host without `www.`, `m.`, `mobile.`, `wap.` and a trailing dot, lower case. */
export function bareHost(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.$/, '').replace(HOST_PREFIX, '');
}

/** What `urlPatterns` are matched against: the URL without scheme and fragment. */
export function withoutScheme(url: URL): string {
  return `${url.host}${url.pathname}${url.search}`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A `urlPatterns` entry for URLs on the given hosts (written bare: `weibo.com`), with or
 * without one of the prefixes `www.`, `m.`, `mobile.`, `wap.`, a trailing dot and a port.
 */
export function hostPattern(...hosts: string[]): RegExp {
  return new RegExp(`^(?:(?:www|m|mobile|wap)\\.)?(?:${hosts.map(escape).join('|')})\\.?(?::\\d+)?(?:[/?#]|$)`, 'i');
}

/** The decoded, non-empty path segments. */
export function segments(url: URL): string[] {
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

/** The text as an identifier (letters, digits and `_-.=+/`), or null. */
export function cleanId(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  return v && /^[A-Za-z0-9_\-.=+/]+$/.test(v) ? v : null;
}

/** Query parameters that only track where a link was shared; ignored for generic URLs. */
export const TRACKING_PARAMS =
  /^(utm_.*|spm|from|source|scene|share_.*|sharer_.*|is_from_app|is_copy_url|refer|referer|ref|timestamp|t|wfr|luicode|lfid|featurecode|previous_page|u_code|did|iid|app|enter_from|tt_from|utm|chksm|sessionid|clicktime|enterid|ascene|devicetype|version|nettype|lang|pass_ticket|wx_header|exportkey|abtest_cookie|mpshare|srcid|sharer_sharetime|sharer_shareid|rd2werd|vid|isappinstalled|xtrack)$/i;

/**
 * A page as host (no www./m.), port, path (no trailing slash) and its non-tracking query
 * parameters, sorted: every form of one page gives the same text.
 */
export function pageKey(url: URL): string {
  const host = bareHost(url);
  const path = url.pathname.replace(/\/+$/, '');
  const params = [...url.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k)).sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  return `${host}${port}${path}${query}`;
}
