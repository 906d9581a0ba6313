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
  chrome: boolean;
  error: boolean;
}

/** Where meta refreshes and scripts send the browser. */
export function redirectTargets(html: string): string[] {
  const targets: string[] = [];
  for (const m of html.matchAll(/<meta[^>]+http-equiv=["']?refresh["']?[^>]*>/gi)) {
    const url = /content=["']?\s*\d*\s*[;,]?\s*url\s*=\s*['"]?([^'">\s]+)/i.exec(m[0])?.[1];
    if (url) targets.push(url);
  }
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    const code = m[1];
    const pattern = /(?:(?:window|top|self|document|parent)\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']|location\.(?:replace|assign)\(\s*["']([^"']+)["']\s*\)/g;
    for (const s of code.matchAll(pattern)) targets.push(s[1] ?? s[2]);
  }
  return targets;
}

export function pageParts(html: string): PageParts {
  const redirects = redirectTargets(html);
  const source = html
    .replace(/<script[\s\S]*?(<\/script>|$)/gi, ' ')
    .replace(/<style[\s\S]*?(<\/style>|$)/gi, ' ')
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ');
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
  for (const m of source.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*)>|([^<]+)|</g)) {
    if (m[4] !== undefined) {
      const piece = m[4];
      if (inTitle) {
        title.push(piece);
        continue;
      }
      text.push(piece);
      if (!stack.some((o) => o.chrome)) mainText.push(piece);
      if (stack.some((o) => o.error)) errorBox.push(piece);
      const heading = [...stack].reverse().find((o) => /^h[1-3]$/.test(o.tag));
      if (heading) (heading.tag === 'h1' ? headline : headings).push(piece);
      continue;
    }
    if (m[2] === undefined) continue; // a lone '<'
    const tag = m[2].toLowerCase();
    if (tag === 'title') {
      inTitle = !m[1];
      continue;
    }
    if (m[1]) {
      const at = stack.map((o) => o.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      if (BLOCK.test(tag)) breakLine();
      continue;
    }
    if (BLOCK.test(tag)) breakLine();
    if (VOID.has(tag) || m[3].endsWith('/')) continue;
    const attrs = m[3];
    const named = /\b(?:id|class)\s*=\s*["']([^"']*)["']/gi;
    const words = [...attrs.matchAll(named)].map((a) => a[1]).join(' ');
    stack.push({ tag, chrome: CHROME_TAGS.has(tag) || CHROME_ATTR.test(words), error: ERROR_ATTR.test(words) });
  }
  return {
    title: collapse(title),
    headline: collapse(headline),
    headings: collapse(headings),
    errorBox: collapse(errorBox),
    mainText: collapse(mainText),
    text: collapse(text),
    redirects,
  };
}
