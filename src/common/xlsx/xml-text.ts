import { elements } from './xml-elements';

/** Small helpers for the SpreadsheetML parts: attribute values and text as Excel writes them. */

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes XML entities and OOXML's `_xHHHH_` escapes (Excel writes a line break in a cell as `_x000D_`). */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&') && !raw.includes('_x')) return raw;
  return raw
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return safeCodePoint(parseInt(name.slice(2), 16), whole);
      if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10), whole);
      return ENTITIES[name];
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function safeCodePoint(code: number, fallback: string): string {
  return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

const attributePatterns = new Map<string, RegExp>();

/** The value of one attribute in a start tag's attribute text, or undefined. */
export function attribute(attributes: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  const match = pattern.exec(attributes);
  if (!match) return undefined;
  return decodeXmlText(match[1] ?? match[2]);
}

/** The text of every `<t>` in a fragment, joined (rich-text runs), leaving out phonetic hints (`<rPh>`). */
export function joinedText(fragment: string): string {
  const phonetics = fragment.includes('<rPh') ? [...elements(fragment, 'rPh')] : [];
  let text = '';
  for (const t of elements(fragment, 't')) {
    if (t.inner !== undefined && !phonetics.some((p) => t.start > p.start && t.end <= p.end)) text += decodeXmlText(t.inner);
  }
  return text;
}

/** Column letters to a 1-based number: A → 1, Z → 26, AA → 27, XFD → 16384. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/** A cell reference such as `AB12` split into its 1-based column and row, or undefined. */
export function parseCellRef(ref: string): { column: number; row: number } | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.toUpperCase());
  if (!match) return undefined;
  return { column: columnNumber(match[1]), row: Number(match[2]) };
}
