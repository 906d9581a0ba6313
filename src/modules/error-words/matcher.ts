/**
 * 错敏词 matching: pure, no framework. Text and library entries are compared after
 * normalisation (NFKC — full-width letters, digits, punctuation and spaces become their
 * half-width forms —, all whitespace and zero-width characters removed, lower case), so
 * "中华人民 共合国", "中华人民共合国" and full-width variants all match one entry.
 *
 * One pass per text: all wrong forms are found together by an Aho–Corasick automaton
 * (common/aho-corasick.ts) over the normalised text; each hit is mapped back to its offset
 * in the text as stored, which is what evidence reports.
 *
 * Allow-list: an allow phrase is a longer, correct phrase that contains the wrong form
 * (e.g. wrong "政府信息公开条例", allow "中华人民共和国政府信息公开条例"). It silences only
 * the occurrences that lie inside an occurrence of the phrase, so a text with both the full
 * name and, elsewhere, the bare wrong form still hits. A `correct` form that contains the
 * wrong form acts as an allow phrase by itself.
 */
import { AhoCorasick } from '../../common/aho-corasick';

const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff\u00ad]/gu;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/** Characters that normalise to themselves: CJK ideographs and ASCII other than capitals and spaces. */
function isPlain(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code > 0x20 && code < 0x7f && (code < 0x41 || code > 0x5a));
}

/** Normalised forms of single characters, cached: texts repeat the same punctuation and letters. */
const CHAR_NORMS = new Map<number, string>();

function normalizeChar(text: string, i: number, point: number, width: number): string {
  let piece = CHAR_NORMS.get(point);
  if (piece === undefined) {
    piece = normalizeText(text.slice(i, i + width));
    if (CHAR_NORMS.size < 100_000) CHAR_NORMS.set(point, piece);
  }
  return piece;
}

/**
 * Normalises `text` character by character (so offsets map back exactly); with `map`, records
 * for each code unit of the result the offset in `text` of the character it came from.
 */
function normalizeChars(text: string, map: number[] | null): string {
  const parts: string[] = [];
  let plainFrom = -1;
  const flushPlain = (to: number) => {
    if (plainFrom < 0) return;
    parts.push(text.slice(plainFrom, to));
    if (map) for (let k = plainFrom; k < to; k++) map.push(k);
    plainFrom = -1;
  };
  for (let i = 0; i < text.length;) {
    const code = text.charCodeAt(i);
    if (isPlain(code)) {
      if (plainFrom < 0) plainFrom = i;
      i++;
      continue;
    }
    flushPlain(i);
    const point = text.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    const piece = normalizeChar(text, i, point, width);
    if (piece) parts.push(piece);
    if (map) for (let k = 0; k < piece.length; k++) map.push(i);
    i += width;
  }
  flushPlain(text.length);
  return parts.join('');
}

/** The normalised text and, for each of its code units, the offset in `text` of the character it came from. */
export function normalizeWithMap(text: string): { norm: string; map: number[] } {
  const map: number[] = [];
  return { norm: normalizeChars(text, map), map };
}

export type WordSeverity = 'serious' | 'general';

export interface LibraryWord {
  id: number;
  wrong: string;
  correct: string;
  category: string;
  /** Absent: general. */
  severity?: WordSeverity;
  allows: string[];
}

export interface CompiledWord extends LibraryWord {
  severity: WordSeverity;
  wrongNorm: string;
  /** Allow phrases (normalised) with the offsets at which the wrong form sits inside each. */
  allowNorms: { phrase: string; offsets: number[] }[];
}

/** The library ready to match: its entries and one automaton over their wrong forms. */
export interface CompiledLibrary {
  words: CompiledWord[];
  automaton: AhoCorasick;
}

export const EMPTY_LIBRARY: CompiledLibrary = { words: [], automaton: new AhoCorasick([]) };

export interface ErrorWordHit {
  wordId: number;
  wrong: string;
  correct: string;
  category: string;
  severity: WordSeverity;
  /** Occurrences not silenced by an allow phrase. */
  count: number;
  /** 0-based offset of the first such occurrence in the text as given (UTF-16 code units). */
  offset: number;
  /** The given text around it. */
  context: string;
}

const CONTEXT_CHARS = 15;

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (!needle) return found;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** Normalises every entry once and builds the automaton; entries whose wrong form normalises to nothing are dropped. */
export function compileLibrary(input: LibraryWord[]): CompiledLibrary {
  const words: CompiledWord[] = [];
  for (const word of input) {
    const wrongNorm = normalizeText(word.wrong);
    if (!wrongNorm) continue;
    const allowNorms: CompiledWord['allowNorms'] = [];
    for (const phrase of [word.correct, ...word.allows]) {
      const norm = normalizeText(phrase);
      if (norm.length <= wrongNorm.length) continue;
      const offsets = occurrences(norm, wrongNorm);
      if (offsets.length && !allowNorms.some((a) => a.phrase === norm)) allowNorms.push({ phrase: norm, offsets });
    }
    words.push({ ...word, severity: word.severity === 'serious' ? 'serious' : 'general', wrongNorm, allowNorms });
  }
  return { words, automaton: new AhoCorasick(words.map((w) => w.wrongNorm)) };
}

function allowedAt(text: string, index: number, word: CompiledWord): boolean {
  return word.allowNorms.some(({ phrase, offsets }) => offsets.some((k) => index - k >= 0 && text.startsWith(phrase, index - k)));
}

/** A short piece of `text` around [start, end). */
export function contextAround(text: string, start: number, end: number, chars = CONTEXT_CHARS): string {
  return text.slice(Math.max(0, start - chars), Math.min(text.length, end + chars));
}

/** The library entries the text contains (each once, in library order, with its unsilenced count and first offset). */
export function findErrorWords(text: string, library: CompiledLibrary): ErrorWordHit[] {
  if (!text || !library.words.length) return [];
  // The offset map is built only for texts with hits (most have none).
  const norm = normalizeChars(text, null);
  const live = new Map<number, { first: number; count: number; length: number }>();
  library.automaton.scan(norm, (index, start, end) => {
    const word = library.words[index];
    if (word.allowNorms.length && allowedAt(norm, start, word)) return;
    const seen = live.get(index);
    if (seen) seen.count++;
    else live.set(index, { first: start, count: 1, length: end - start });
  });
  if (!live.size) return [];
  const { map } = normalizeWithMap(text);
  return [...live.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, { first, count, length }]) => {
      const word = library.words[index];
      const offset = map[first];
      const endOffset = map[first + length - 1] + 1;
      return {
        wordId: word.id,
        wrong: word.wrong,
        correct: word.correct,
        category: word.category,
        severity: word.severity,
        count,
        offset,
        context: contextAround(text, offset, endOffset),
      };
    });
}
