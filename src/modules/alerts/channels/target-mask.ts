/**
 * How an HTTP alert-channel target (a webhook or robot URL) is shown. Such a URL is a
 * write-only credential: whoever knows it can post into the group, so its secret parts never
 * leave the server (SECURITY.md). Pure: no framework, no I/O.
 *
 * What stays: scheme, host and port; the documented path of a known robot API (企业微信
 * `/cgi-bin/webhook/send`, 钉钉 `/robot/send`, 飞书 `/open-apis/bot/v2/hook`); otherwise only the
 * first path segment, and only when it is a plain word (`/services`, `/hooks`, `/api`).
 * Everything after the kept segments becomes one `***` (Slack-style `/services/T000/B000/SECRET`
 * → `/services/***`); query values become `***`, and query names too unless they are plain
 * names; user info and the fragment become `***`. Masking a masked target changes nothing.
 */

/** Public paths of robot APIs: fixed names from their documentation, the secret comes after or in the query. */
const KNOWN_PATHS: readonly (readonly string[])[] = [
  ['cgi-bin', 'webhook', 'send'],
  ['robot', 'send'],
  ['open-apis', 'bot', 'v2', 'hook'],
];

/** A short lower-case word (an initial capital allowed), words joined by `-` or `_`: no digits, nothing token-like. */
const PLAIN_SEGMENT = /^[A-Za-z][a-z]*(?:[-_][a-z]+)*$/;
const PLAIN_SEGMENT_MAX = 15;
/** Query names as robots use them (`key`, `access_token`, `timestamp`): letters and `_ . -`, no digits. */
const PLAIN_QUERY_NAME = /^[A-Za-z][A-Za-z_.-]*$/;
const PLAIN_QUERY_NAME_MAX = 24;

export const MASK = '***';

function isPlainSegment(segment: string): boolean {
  return segment.length <= PLAIN_SEGMENT_MAX && PLAIN_SEGMENT.test(segment);
}

function isPlainQueryName(name: string): boolean {
  return name.length <= PLAIN_QUERY_NAME_MAX && PLAIN_QUERY_NAME.test(name);
}

/** The target fit to show, log and store in the readable column; `***` when it is not an http(s) URL. */
export function maskChannelTarget(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return MASK;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return MASK;
  const auth = url.username || url.password ? `${MASK}@` : '';
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const known = KNOWN_PATHS.find((path) => path.length <= segments.length && path.every((name, i) => segments[i].toLowerCase() === name));
  const kept = known ? segments.slice(0, known.length) : segments.slice(0, 1).filter(isPlainSegment);
  const path = `/${[...kept, ...(segments.length > kept.length ? [MASK] : [])].join('/')}`;
  const names = [...new Set(url.searchParams.keys())];
  const query = names.map((name) => `${isPlainQueryName(name) ? name : MASK}=${MASK}`).join('&');
  const fragment = url.hash ? `#${MASK}` : '';
  return `${url.protocol}//${auth}${url.host}${path}${query ? `?${query}` : ''}${fragment}`;
}
