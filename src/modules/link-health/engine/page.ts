/**
 * Reading a fetched page: charset, title/headings/visible text, and the soft-404,
 * login-wall and verification-page rules of domain.md ("Link health").
 */
import * as iconv from 'iconv-lite';
import type { IncomingHttpHeaders } from 'node:http';
import type { ReasonCode } from './types';

export interface PageText {
  title: string;
  headings: string;
  /** Text of WeChat's error element (`global_error_msg`, `weui-msg`), if any. */
  errorElement: string;
  /** Visible text (tags, scripts and styles removed), whitespace collapsed. */
  text: string;
}

export function isHtml(headers: IncomingHttpHeaders, body?: Buffer): boolean {
  const type = String(headers['content-type'] ?? '').toLowerCase();
  if (type) return type.includes('html');
  if (!body) return true; // unknown type on HEAD: must look at the page
  return /^\s*(<!doctype html|<html|<head|<body|<title)/i.test(body.subarray(0, 512).toString('latin1'));
}

const CHARSET_ALIASES: Record<string, string> = { gb2312: 'gbk', 'x-gbk': 'gbk', gb_2312: 'gbk' };

export function decodeBody(headers: IncomingHttpHeaders, body: Buffer): string {
  const type = String(headers['content-type'] ?? '');
  let charset = /charset=["']?([\w-]+)/i.exec(type)?.[1];
  if (!charset) charset = /<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  const name = CHARSET_ALIASES[(charset ?? 'utf-8').toLowerCase()] ?? (charset ?? 'utf-8').toLowerCase();
  if (name === 'utf-8' || name === 'utf8' || !iconv.encodingExists(name)) return body.toString('utf8');
  return iconv.decode(body, name);
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function stripTags(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(#\d+|#x[\da-f]+|\w+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

export function readPage(html: string): PageText {
  const withoutCode = html
    .replace(/<script[\s\S]*?(<\/script>|$)/gi, ' ')
    .replace(/<style[\s\S]*?(<\/style>|$)/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  const title = stripTags(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(withoutCode)?.[1] ?? '');
  const headings = [...withoutCode.matchAll(/<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/gi)].map((m) => stripTags(m[1])).join(' | ');
  const errorElement = [...withoutCode.matchAll(/<(\w+)[^>]*(?:id|class)=["'][^"']*(?:global_error_msg|weui-msg__title|weui-msg__desc|msg_desc)[^"']*["'][^>]*>([\s\S]*?)<\/\1>/gi)]
    .map((m) => stripTags(m[2]))
    .join(' ');
  return { title, headings, errorElement, text: stripTags(withoutCode) };
}

const WECHAT_DELETED = ['该内容已被发布者删除', '此内容已被发布者删除', '该文章已被发布者删除', '内容已删除'];
const WECHAT_VIOLATION = [
  '此内容因违规无法查看',
  '此内容因违规已删除',
  '此内容因违规',
  '该内容已被投诉且经审核涉嫌侵权',
  '该公众号已迁移',
  '此帐号已被屏蔽',
  '此账号已被屏蔽',
  '该公众号已被封禁',
];
const NOT_FOUND = [
  '页面不存在',
  '您访问的页面不存在',
  '你访问的页面不存在',
  '该页面已删除',
  '页面已删除',
  '页面未找到',
  '找不到页面',
  '找不到该页面',
  '页面找不到',
  '内容不存在',
  '文章不存在',
  '信息不存在',
  '栏目不存在',
  '该信息已删除',
  'page not found',
  'not found',
  '404',
];
const VERIFICATION = ['操作过于频繁', '环境异常', '完成验证', '安全验证', '请输入验证码', '人机验证', '滑动验证', '访问验证', 'captcha', 'verify you are human', 'are you a robot'];
const LOGIN = ['统一身份认证', '请先登录', '用户登录', '登录后查看', '请登录', '单点登录', 'sign in', 'log in'];
const LOGIN_URL = /(^|[/._-])(login|signin|sign-in|sso|cas|passport|auth|oauth|uias|logon)([/._?-]|$)/i;

/** Short pages (error pages) are judged on all their text; long ones on title and headings. */
const SHORT_PAGE_CHARS = 600;

function containsAny(haystack: string, needles: string[]): string | undefined {
  const lower = haystack.toLowerCase();
  return needles.find((n) => lower.includes(n.toLowerCase()));
}

export interface PageVerdict {
  reason: ReasonCode;
  matched: string;
}

/**
 * Judges a 2xx HTML page. Returns null when the page looks like real content.
 * `redirected`: the page was reached through at least one redirect (login walls).
 */
export function judgePage(page: PageText, finalUrl: URL, redirected: boolean): PageVerdict | null {
  const short = page.text.length <= SHORT_PAGE_CHARS;
  const prominent = `${page.title} | ${page.headings} | ${page.errorElement}`;
  const judged = short ? `${prominent} | ${page.text}` : prominent;

  const wechatDeleted = containsAny(judged, WECHAT_DELETED);
  if (wechatDeleted) return { reason: 'soft404_wechat_deleted', matched: wechatDeleted };
  const violation = containsAny(judged, WECHAT_VIOLATION);
  if (violation) return { reason: 'soft404_wechat_violation', matched: violation };

  const verification = containsAny(judged, VERIFICATION);
  if (verification) return { reason: 'verification_page', matched: verification };

  if (redirected) {
    const loginText = containsAny(prominent, LOGIN) ?? (short ? containsAny(page.text, LOGIN) : undefined);
    const loginUrl = LOGIN_URL.test(finalUrl.pathname) || LOGIN_URL.test(finalUrl.hostname.split('.')[0]);
    if (loginText || loginUrl) return { reason: 'login_required', matched: loginText ?? finalUrl.pathname };
  }

  // Generic "not found" wording counts in the title and headings (or on a short page),
  // where a real article would not carry it.
  const notFoundIn = short ? judged : prominent;
  const notFound = NOT_FOUND.find((n) => (n === '404' ? /(^|[^\d])404([^\d]|$)/.test(notFoundIn) : notFoundIn.toLowerCase().includes(n)));
  if (notFound) return { reason: 'soft404_not_found', matched: notFound };
  return null;
}

/** Text fingerprint for the random-sibling comparison: character bigrams of the visible text. */
export function fingerprintOf(page: PageText, ignore: string[]): Set<string> {
  let text = `${page.title} ${page.text}`.slice(0, 20_000);
  for (const word of ignore) if (word) text = text.split(word).join(' ');
  text = text.replace(/\d+/g, '0').replace(/\s+/g, ' ');
  const grams = new Set<string>();
  for (let i = 0; i + 2 <= text.length; i++) grams.add(text.slice(i, i + 2));
  return grams;
}

export function similarity(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}
