/**
 * 错敏词 matching: pure, no framework. Text and library entries are compared after
 * normalisation (NFKC — full-width letters, digits, punctuation and spaces become their
 * half-width forms —, all whitespace and zero-width characters removed, lower case), so
 * "中华人民 共合国", "中华人民共合国" and full-width variants all match one entry.
 *
 * Allow-list: an allow phrase is a longer, correct phrase that contains the wrong form
 * (e.g. wrong "政府信息公开条例", allow "中华人民共和国政府信息公开条例"). It silences only
 * the occurrences that lie inside an occurrence of the phrase, so a text with both the full
 * name and, elsewhere, the bare wrong form still hits. A `correct` form that contains the
 * wrong form acts as an allow phrase by itself.
 */

const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff\u00ad]/gu;

export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

export interface LibraryWord {
  id: number;
  wrong: string;
  correct: string;
  category: string;
  allows: string[];
}

export interface CompiledWord extends LibraryWord {
  wrongNorm: string;
  /** Allow phrases (normalised) with the offsets at which the wrong form sits inside each. */
  allowNorms: { phrase: string; offsets: number[] }[];
}

export interface ErrorWordHit {
  wordId: number;
  wrong: string;
  correct: string;
  category: string;
  /** Occurrences not silenced by an allow phrase. */
  count: number;
  /** A short piece of the normalised text around the first occurrence. */
  excerpt: string;
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (!needle) return found;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** Normalises every entry once; entries whose wrong form normalises to nothing are dropped. */
export function compileLibrary(words: LibraryWord[]): CompiledWord[] {
  const compiled: CompiledWord[] = [];
  for (const word of words) {
    const wrongNorm = normalizeText(word.wrong);
    if (!wrongNorm) continue;
    const allowNorms: CompiledWord['allowNorms'] = [];
    for (const phrase of [word.correct, ...word.allows]) {
      const norm = normalizeText(phrase);
      if (norm.length <= wrongNorm.length) continue;
      const offsets = occurrences(norm, wrongNorm);
      if (offsets.length && !allowNorms.some((a) => a.phrase === norm)) allowNorms.push({ phrase: norm, offsets });
    }
    compiled.push({ ...word, wrongNorm, allowNorms });
  }
  return compiled;
}

function allowedAt(text: string, index: number, word: CompiledWord): boolean {
  return word.allowNorms.some(({ phrase, offsets }) => offsets.some((k) => index - k >= 0 && text.startsWith(phrase, index - k)));
}

/** The library entries the text contains (each at most once, with its unsilenced count). */
export function findErrorWords(text: string, library: CompiledWord[]): ErrorWordHit[] {
  const norm = normalizeText(text);
  if (!norm) return [];
  const hits: ErrorWordHit[] = [];
  for (const word of library) {
    if (!norm.includes(word.wrongNorm)) continue;
    const live = occurrences(norm, word.wrongNorm).filter((i) => !allowedAt(norm, i, word));
    if (!live.length) continue;
    const at = live[0];
    const excerpt = norm.slice(Math.max(0, at - 12), at + word.wrongNorm.length + 12);
    hits.push({ wordId: word.id, wrong: word.wrong, correct: word.correct, category: word.category, count: live.length, excerpt });
  }
  return hits;
}
