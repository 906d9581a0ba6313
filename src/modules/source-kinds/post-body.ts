/**
 * Post bodies (正文): HTML to plain text with a maintained converter (html-to-text), and the
 * stored form — well-formed text, capped, with a flag when cut and a content hash. Pure.
 */
import { createHash } from 'node:crypto';
import { compile } from 'html-to-text';

/** Stored body length cap, in UTF-16 code units (what the detectors' offsets count). */
export const MAX_BODY_CHARS = 20_000;

/** HTML beyond this is not even parsed: a body this long is cut anyway (megabyte feeds stay cheap). */
const MAX_HTML_CHARS = 400_000;

const CONVERT_OPTIONS = {
  wordwrap: false as const,
  preserveNewlines: false,
  selectors: [
    // Links and images: their visible text only — URLs are not what a reader sees.
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    // Headings keep their case (the default upper-cases them).
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

/**
 * Compiled once, when the module loads: `convert` would merge and compile the options again for
 * every post (milliseconds each), and a first compile during a poll would hold up the other polls.
 */
const converter = compile(CONVERT_OPTIONS);

/** The visible text of an HTML fragment (paragraphs become line breaks), or '' for none. */
export function htmlToPlainText(html: string | null | undefined): string {
  if (!html) return '';
  const text = converter(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface StoredBody {
  body: string | null;
  truncated: boolean;
  /** sha256 (hex) of the stored title and body: what an incremental scan compares. */
  contentHash: string;
}

/** Lone surrogates (broken UTF-16 from a bad decode) and NUL/control characters become nothing or U+FFFD. */
function wellFormed(text: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return cleaned.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The body as stored: well-formed, at most MAX_BODY_CHARS (never cutting a surrogate pair), hashed with the title. */
export function storedBody(title: string, raw: string | null | undefined, max = MAX_BODY_CHARS): StoredBody {
  let body = raw ? wellFormed(raw).trim() : '';
  let truncated = false;
  if (body.length > max) {
    const cut = /[\ud800-\udbff]/.test(body[max - 1]) ? max - 1 : max;
    body = body.slice(0, cut);
    truncated = true;
  }
  return { body: body || null, truncated, contentHash: contentHash(title, body) };
}

export function contentHash(title: string, body: string | null | undefined): string {
  return createHash('sha256')
    .update(title)
    .update('\u0000')
    .update(body ?? '')
    .digest('hex');
}
