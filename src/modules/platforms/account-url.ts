/**
 * Canonical keys for government new-media account URLs (公开名录 / 账号核验).
 *
 * Pure functions, no framework: a URL a citizen pastes and the homepage URL on record are
 * both reduced to a key such as `weibo:uid:1234567`; two URLs name the same account when
 * their keys are equal. Scheme, `www.`/`m.`, trailing slashes, tracking parameters and
 * fragments do not matter. Each platform's URL forms are its definition's `canonical` rule
 * (src/modules/platforms/builtin); any other URL is compared as host, path and query.
 */
import { platformRegistry } from './platform-registry';
import { pageKey, parseHttpUrl } from './url-parts';

export { InvalidAccountUrlError, parseHttpUrl } from './url-parts';

export interface AccountUrlKey {
  /** The platform the URL belongs to, or null when it is not a recognised account URL. */
  platform: string | null;
  /** The account's identifier on the platform as found in the URL (null for generic URLs). */
  id: string | null;
  /** Comparable key, e.g. `wechat:biz:MzA1MjM0NTY3OA`, `weibo:uid:1234567`, `url:example.gov.cn/a`. */
  key: string;
}

const platformKey = (platform: string, idKind: string, id: string) => `${platform}:${idKind}:${id}`;

/** Any other URL: host (no www./m.) + path (no trailing slash) + non-tracking query, sorted. */
function generic(url: URL): AccountUrlKey {
  return { platform: null, id: null, key: `url:${pageKey(url)}` };
}

/** The canonical key of an account URL (parsed). */
export function accountUrlKeyOf(url: URL): AccountUrlKey {
  const found = platformRegistry.ofUrl(url);
  if (found?.account) return { platform: found.code, id: found.account.platformId, key: platformKey(found.code, found.account.idKind, found.account.platformId) };
  return generic(url);
}

/** The canonical key of URL text; throws InvalidAccountUrlError for text that is not an http(s) URL. */
export function accountUrlKey(raw: string): AccountUrlKey {
  return accountUrlKeyOf(parseHttpUrl(raw));
}

/**
 * Before a URL is keyed: a URL no platform claims may be one of a platform another process
 * added a moment ago, so the registry reloads first (text that is no URL is left to accountUrlKey).
 */
export async function withPlatformOf(raw: string): Promise<void> {
  let url: URL;
  try {
    url = parseHttpUrl(raw);
  } catch {
    return;
  }
  if (!platformRegistry.ofUrl(url)) await platformRegistry.reload();
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
 * a Weibo uid, a WeChat __biz, a Toutiao token or user id, a Douyin sec_uid (the
 * platform's `idForms`). A WeChat gh_… original id is matched against platformAccountId,
 * not a URL.
 */
export function keysForPlatformId(platform: string, rawId: string): string[] {
  return platformRegistry.idForms(platform, rawId).map((form) => platformKey(platform, form.idKind, form.platformId));
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
