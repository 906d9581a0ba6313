/**
 * Gone-page recognition for a 2xx HTML answer (the status and the HTTP redirect chain are the
 * checker's first word; this is the page's). Rules in order: where the redirects ended, platform
 * notices, verification and login walls, script or meta-refresh redirects to an error page, CMS
 * notices, generic not-found pages, error titles. A phrase counts only where a page states its own
 * state — the title, the headline, an error box, or a short main text — not in a long article
 * that merely mentions it, nor inside quotation marks, nor in a document's own title
 * (关于……的通知). Pure: no framework, no I/O.
 */
import type { ReasonCode } from '../types';
import type { PageParts } from './html-parts';
import { CMS_RULES, DOCUMENT_TITLE, ERROR_PATH, ERROR_TITLE, GoneRule, LOGIN, LOGIN_URL, NOT_FOUND_RULE, Place, PLATFORM_RULES, VERIFICATION } from './phrases';

export interface GoneVerdict {
  reason: ReasonCode;
  /** The rule that decided (phrases.ts ids, or `redirect-to-error`, `script-redirect`, `error-title`, `verification`, `login`). */
  rule: string;
  matched: string;
}

export interface GoneContext {
  /** Where the HTTP redirects ended (the page's own address when there were none). */
  finalUrl: URL;
  /** The page was reached through at least one HTTP redirect. */
  redirected: boolean;
}

/** Main text up to this many characters (whitespace aside) is an error page's body, not an article. */
export const SHORT_MAIN_TEXT = 300;
/** In a short main text a phrase counts when its sentence is at most this long (a notice, not a sentence about something else). */
const STATEMENT_CHARS = 60;

/** Lower case, no whitespace or punctuation: "页面 不存在!" and "页面不存在" match alike. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[\s,,。.、!!??::;;·'"“”‘’()()\-—–_|/\\[\]【】…~～]+/g, '');
}

/** Quotations are mentions, not statements: “页面不存在” in an article about dead links. */
function withoutQuotes(text: string): string {
  return text.replace(/“[^”]{0,40}”|「[^」]{0,40}」|『[^』]{0,40}』|‘[^’]{0,40}’|"[^"]{0,40}"/g, ' ');
}

type Places = Record<Place, string[]> & {
  /** The texts of a set of places joined by a separator no phrase contains: one search per phrase, not one per text. */
  joined: Map<string, string>;
};
const SEPARATOR = '\u0001';
/** What normalise drops (whitespace and punctuation). */
const DROPPED = /[\s,,。.、!!??::;;·'"“”‘’()()\-—–_|/\\[\]【】…~～]/;

/** Whether the text, normalised, is at most `limit` characters long (stops counting past the limit: a long article is not normalised just to be measured). */
function normalisedAtMost(text: string, limit: number): boolean {
  if (text.length <= limit) return true;
  let kept = 0;
  for (let i = 0; i < text.length; i++) if (!DROPPED.test(text[i]) && ++kept > limit) return false;
  return true;
}

/** Each place as a list of normalised statements (a short main text split into sentences). */
function placesOf(parts: PageParts): Places {
  const prepare = (text: string) => normalise(withoutQuotes(text));
  const document = DOCUMENT_TITLE.test(parts.title) || DOCUMENT_TITLE.test(parts.headline);
  const title = DOCUMENT_TITLE.test(parts.title) ? '' : parts.title;
  // A page headed as an official document is that document, however short: its sentences are its content.
  const short = !document && normalisedAtMost(parts.mainText, SHORT_MAIN_TEXT);
  const sentences = short
    ? withoutQuotes(parts.mainText)
        .split(/[。!!??;;\n]|\s{2,}/)
        .map(normalise)
        .filter((s) => s && s.length <= STATEMENT_CHARS)
    : [];
  return {
    title: [prepare(title)],
    headline: [prepare(DOCUMENT_TITLE.test(parts.headline) ? '' : parts.headline)],
    headings: short ? [prepare(parts.headings)] : [],
    errorBox: [prepare(parts.errorBox)],
    short: sentences,
    joined: new Map(),
  };
}

/** Phrases normalised once (the rule set is fixed; normalising them per page was a good part of the judging time). */
const needles = new Map<string, string>();
function needleOf(phrase: string): string {
  let needle = needles.get(phrase);
  if (needle === undefined) needles.set(phrase, (needle = normalise(phrase)));
  return needle;
}

function firstMatch(places: Places, wanted: Place[], phrases: string[]): string | undefined {
  const key = wanted.join();
  let haystack = places.joined.get(key);
  if (haystack === undefined) places.joined.set(key, (haystack = wanted.flatMap((place) => places[place]).join(SEPARATOR)));
  return phrases.find((phrase) => haystack.includes(needleOf(phrase)));
}

function byRules(places: Places, rules: GoneRule[]): GoneVerdict | null {
  for (const rule of rules) {
    const matched = firstMatch(places, rule.places, rule.phrases);
    if (matched) return { reason: rule.reason, rule: rule.id, matched };
  }
  return null;
}

function isErrorAddress(target: string, base: URL): string | null {
  try {
    const url = new URL(target, base);
    return ERROR_PATH.test(`${url.pathname}${url.search}`) ? url.href : null;
  } catch {
    return null;
  }
}

/** A title or headline that is nothing but an error (404, 系统错误, Internal Server Error). */
function errorTitle(parts: PageParts): GoneVerdict | null {
  const segments = [parts.title, parts.headline].flatMap((t) => t.split(/\s*[|_—–·::]\s*|\s+-\s+|\s{2,}/)).map((s) => s.trim());
  const hit = segments.find((s) => s && ERROR_TITLE.test(s));
  if (!hit) return null;
  const reason = /404|not found/i.test(hit) ? 'soft404_not_found' : 'soft404_error_page';
  return { reason, rule: 'error-title', matched: hit };
}

/** Whether the page is a verification or captcha wall (also read on 403 answers). */
export function verificationOf(parts: PageParts, places: Places = placesOf(parts)): GoneVerdict | null {
  const matched = firstMatch(places, ['title', 'headline', 'headings', 'errorBox', 'short'], VERIFICATION);
  return matched ? { reason: 'verification_page', rule: 'verification', matched } : null;
}

/** Judges a 2xx HTML page: a verdict when it says its content is gone (or cannot be judged), null when it looks like real content. */
export function judgeGone(parts: PageParts, context: GoneContext): GoneVerdict | null {
  const { finalUrl, redirected } = context;
  if (redirected && ERROR_PATH.test(`${finalUrl.pathname}${finalUrl.search}`)) return { reason: 'soft404_error_page', rule: 'redirect-to-error', matched: finalUrl.href };
  const places = placesOf(parts);
  const platform = byRules(places, PLATFORM_RULES);
  if (platform) return platform;
  const verification = verificationOf(parts, places);
  if (verification) return verification;
  if (redirected) {
    const loginText = firstMatch(places, ['title', 'headline', 'headings', 'short'], LOGIN);
    const loginUrl = LOGIN_URL.test(finalUrl.pathname) || LOGIN_URL.test(finalUrl.hostname.split('.')[0]);
    if (loginText || loginUrl) return { reason: 'login_required', rule: 'login', matched: loginText ?? finalUrl.pathname };
  }
  for (const target of parts.redirects) {
    const error = isErrorAddress(target, finalUrl);
    if (error) return { reason: 'soft404_error_page', rule: 'script-redirect', matched: error };
  }
  return byRules(places, [...CMS_RULES, NOT_FOUND_RULE]) ?? errorTitle(parts);
}
