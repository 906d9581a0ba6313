/**
 * A page split by where its words are, for the gone-page rules (judge.ts): the title, the
 * headline (h1), the lesser headings (h2–h3), a platform's or CMS's error box, the main text
 * (without navigation, header, footer and sidebars) and the script or meta-refresh redirects.
 * A small tag walker, not a full HTML parser: it tolerates unclosed and stray tags. Pure.
 */

export interface PageParts {
  title: string;
  /** Text of the h1 elements. */
  headline: string;
  /** Text of the h2–h3 elements. */
  headings: string;
  /** Text inside an element whose id or class says it is an error or tip box (WeChat's `weui-msg`, a CMS's `error-page`). */
  errorBox: string;
  /** Visible text outside navigation, header, footer and sidebars, whitespace collapsed. */
  mainText: string;
  /** All visible text. */
  text: string;
  /** Where a meta refresh or a script sends the browser (as written, unresolved). */
  redirects: string[];
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const CHROME_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'menu']);
/** id/class words of page chrome: what every page of the site carries, so it says nothing about this one. */
const CHROME_ATTR =
  /(^|[\s_-])(nav|navbar|menu|header|head|top|topbar|footer|foot|bottom|copyright|breadcrumb|crumb|crumbs|sidebar|side|links|friendlink|position|location|banner|search)(?=$|[\s_\d-])/i;
const ERROR_ATTR =
  /global_error_msg|weui-msg|msg_desc|error[-_]?(page|msg|box|tip|info|con|wrap|text)?\b|err[-_](page|msg|box|tip)|not[-_]?found|page[-_]?404|\b404\b|nodata|no[-_]data|empty[-_]tip|tips?[-_](box|con|page)/i;

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', middot: '·', mdash: '—' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[\da-f]+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Elements that start a new line on screen: their boundaries separate sentences. */
const BLOCK = /^(p|div|li|ul|ol|dl|dt|dd|h\d|td|th|tr|table|br|hr|section|article|main|form|blockquote|pre)$/;

/** Joins text pieces; block boundaries ('\n') kept as line breaks, other whitespace collapsed. */
const collapse = (parts: string[]) =>
  decodeEntities(parts.join(''))
    .replace(/[^\S\n]+/g, ' ')
    .replace(/\s*\n[\s\n]*/g, '\n')
    .trim();

interface Open {
  tag: string;
  /** Inside page chrome (this element or an ancestor). */
  chrome: boolean;
  /** Inside an error box (this element or an ancestor). */
  error: boolean;
  /** The innermost h1–h3 this element is in (itself included), if any. */
  heading: string | null;
}

/** Script, style and comment openings: their content is not visible text. */
const INVISIBLE = /<script|<style|<!--/gi;
const CLOSE_SCRIPT = /<\/script>/gi;
const CLOSE_STYLE = /<\/style>/gi;
const META_REFRESH = /<meta[^>]+http-equiv=["']?refresh["']?[^>]*>/gi;
const SCRIPT_REDIRECT = /(?:(?:window|top|self|document|parent)\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']|location\.(?:replace|assign)\(\s*["']([^"']+)["']\s*\)/g;

/** Where a closing `pattern` (a /g regex) ends after `from`, and where it starts; the end of the text when unclosed. */
function closing(html: string, pattern: RegExp, from: number): { start: number; end: number } {
  pattern.lastIndex = from;
  const m = pattern.exec(html);
  return m ? { start: m.index, end: m.index + m[0].length } : { start: html.length, end: html.length };
}

/** Where a script's code sends the browser (only code that mentions `location` is searched). */
function scriptTargets(code: string, into: string[]): void {
  if (!code.includes('location')) return;
  for (const s of code.matchAll(SCRIPT_REDIRECT)) into.push(s[1] ?? s[2]);
}

/** Where meta refreshes send the browser. */
function metaTargets(html: string, into: string[]): void {
  if (!/http-equiv/i.test(html)) return;
  for (const m of html.matchAll(META_REFRESH)) {
    const url = /content=["']?\s*\d*\s*[;,]?\s*url\s*=\s*['"]?([^'">\s]+)/i.exec(m[0])?.[1];
    if (url) into.push(url);
  }
}

/**
 * The page without scripts, styles and comments (each replaced by a space), in one pass that
 * searches for each closing tag instead of matching lazily character by character; the script
 * code is searched for redirects on the way.
 */
function visibleSource(html: string, scriptRedirects: string[]): string {
  const kept: string[] = [];
  let at = 0;
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(html); m; m = INVISIBLE.exec(html)) {
    kept.push(html.slice(at, m.index), ' ');
    const opened = m[0].toLowerCase();
    if (opened === '<!--') {
      const end = html.indexOf('-->', m.index + 4);
      at = end < 0 ? html.length : end + 3;
    } else {
      const { start, end } = closing(html, opened === '<script' ? CLOSE_SCRIPT : CLOSE_STYLE, m.index + opened.length);
      // A script's redirects count only when it is closed (an unclosed one is not run).
      if (opened === '<script' && end > start) {
        const bodyStart = html.indexOf('>', m.index);
        if (bodyStart >= 0 && bodyStart < start) scriptTargets(html.slice(bodyStart + 1, start), scriptRedirects);
      }
      at = end;
    }
    INVISIBLE.lastIndex = at;
  }
  kept.push(html.slice(at));
  return kept.join('');
}

/** Where meta refreshes and scripts send the browser. */
export function redirectTargets(html: string): string[] {
  const targets: string[] = [];
  metaTargets(html, targets);
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) scriptTargets(m[1], targets);
  return targets;
}

/** The last open element named `tag`, or -1. */
function lastOpen(stack: Open[], tag: string): number {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i].tag === tag) return i;
  return -1;
}

const NAMED = /\b(?:id|class)\s*=\s*["']([^"']*)["']/gi;

/** An element opened inside `parent`: chrome, error box and heading inherited, so a text piece needs only the innermost. */
function opened(tag: string, attrs: string, parent: Open | undefined): Open {
  let chrome = parent?.chrome || CHROME_TAGS.has(tag);
  let error = parent?.error ?? false;
  if ((!chrome || !error) && /id|class/i.test(attrs)) {
    const words = [...attrs.matchAll(NAMED)].map((a) => a[1]).join(' ');
    chrome ||= CHROME_ATTR.test(words);
    error ||= ERROR_ATTR.test(words);
  }
  return { tag, chrome, error, heading: tag === 'h1' || tag === 'h2' || tag === 'h3' ? tag : (parent?.heading ?? null) };
}

const LT = 60;
const SLASH = 47;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 58 || c === 45;

/**
 * Walks the text runs and tags of `source` (as /<(\/?)([a-zA-Z][\w:-]*)([^>]*)>|([^<]+)|</g would,
 * a '<' that starts no tag being skipped) without building a match object per token.
 */
function tokens(source: string, onText: (piece: string) => void, onTag: (closing: boolean, name: string, attrs: string) => void): void {
  const n = source.length;
  for (let i = 0; i < n;) {
    if (source.charCodeAt(i) !== LT) {
      const next = source.indexOf('<', i);
      const end = next < 0 ? n : next;
      onText(source.slice(i, end));
      i = end;
      continue;
    }
    const closing = source.charCodeAt(i + 1) === SLASH;
    const nameStart = i + (closing ? 2 : 1);
    if (!isLetter(source.charCodeAt(nameStart))) {
      i++; // a lone '<'
      continue;
    }
    let nameEnd = nameStart + 1;
    while (nameEnd < n && isNameChar(source.charCodeAt(nameEnd))) nameEnd++;
    const gt = source.indexOf('>', nameEnd);
    if (gt < 0) {
      i++;
      continue;
    }
    onTag(closing, source.slice(nameStart, nameEnd), source.slice(nameEnd, gt));
    i = gt + 1;
  }
}

export function pageParts(html: string): PageParts {
  const redirects: string[] = [];
  metaTargets(html, redirects);
  const scriptRedirects: string[] = [];
  const source = visibleSource(html, scriptRedirects);
  redirects.push(...scriptRedirects);
  const title: string[] = [];
  const headline: string[] = [];
  const headings: string[] = [];
  const errorBox: string[] = [];
  const mainText: string[] = [];
  const text: string[] = [];
  const stack: Open[] = [];
  let inTitle = false;
  const breakLine = () => {
    text.push('\n');
    mainText.push('\n');
    errorBox.push('\n');
    headline.push(' ');
    headings.push(' ');
  };
  const onText = (piece: string) => {
    if (inTitle) {
      title.push(piece);
      return;
    }
    text.push(piece);
    const inner = stack[stack.length - 1];
    if (!inner?.chrome) mainText.push(piece);
    if (inner?.error) errorBox.push(piece);
    if (inner?.heading) (inner.heading === 'h1' ? headline : headings).push(piece);
  };
  const onTag = (closing: boolean, name: string, attrs: string) => {
    const tag = name.toLowerCase();
    if (tag === 'title') {
      inTitle = !closing;
      return;
    }
    if (closing) {
      const at = lastOpen(stack, tag);
      if (at >= 0) stack.length = at;
      if (BLOCK.test(tag)) breakLine();
      return;
    }
    if (BLOCK.test(tag)) breakLine();
    if (VOID.has(tag) || attrs.endsWith('/')) return;
    stack.push(opened(tag, attrs, stack[stack.length - 1]));
  };
  tokens(source, onText, onTag);
  // All the visible text is read only to compare a healthy-looking page with its folder's random path.
  let allText: string | undefined;
  return {
    title: collapse(title),
    headline: collapse(headline),
    headings: collapse(headings),
    errorBox: collapse(errorBox),
    mainText: collapse(mainText),
    get text() {
      return (allText ??= collapse(text));
    },
    redirects,
  };
}
