/**
 * Title similarity for repost matching (domain.md, Repost tasks, rule 3). Pure.
 *
 * Normalise: NFKC (full-width → half-width), lower case, strip repost prefixes such as
 * 【转载】 / 转发： / 转自中国政府网： and a trailing site name (…_中国政府网), then drop all
 * punctuation, symbols and whitespace. Compare with the Dice coefficient of character
 * bigrams. Three guards keep near-misses (two different notices with similar titles) apart:
 * numbers (years, 第十批…) must agree when both titles carry them; when each title has two
 * or more characters the other lacks (a word replaced, not added or dropped — 降碳 vs 减排)
 * they are different documents; short titles (< 6 characters after normalising) must be equal.
 */

/** Leading labels a reposting account puts before the original title. */
const PREFIX = new RegExp(
  [
    '^\\s*(?:',
    '[【\\[〔(（<《]\\s*(?:转载|转发|转|转自[^】\\]〕)）>》]{0,20}|来源[^】\\]〕)）>》]{0,20}|分享|推荐|重磅|权威发布|最新|关注|速看|收藏)\\s*[】\\]〕)）>》]',
    '|(?:转载|转发|转|分享)\\s*[:：|｜丨]',
    '|转自[^:：|｜丨,，\\s]{1,20}\\s*[:：|｜丨,，]?',
    '|来源\\s*[:：][^,，\\s]{1,20}\\s*[,，|｜丨]?',
    '|(?:转载|转发)(?=[\\s|｜丨])',
    ')\\s*',
  ].join(''),
);

/** Trailing site names of the source pages (…_滚动新闻_中国政府网). */
const SUFFIX = /(?:\s*[_|｜丨-]\s*(?:中国政府网|中华人民共和国中央人民政府|滚动新闻|政策|最新政策|国务院文件|国务院部门文件|要闻|新闻))+\s*$/;

const STRIP = /[\p{P}\p{S}\p{Z}\s]+/gu;

/** The title with prefixes, suffixes, punctuation and spaces removed (NFKC, lower case). */
export function normaliseTitle(title: string | null | undefined): string {
  if (!title) return '';
  let text = title.normalize('NFKC').toLowerCase().trim();
  for (let i = 0; i < 4; i++) {
    const next = text.replace(PREFIX, '');
    if (next === text) break;
    text = next;
  }
  text = text.replace(SUFFIX, '');
  return text.replace(STRIP, '');
}

function bigrams(text: string): Map<string, number> {
  const chars = [...text];
  const grams = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i] + chars[i + 1];
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient of character bigrams (multiset) of two normalised strings, 0…1. */
export function dice(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  for (const [gram, n] of ga) shared += Math.min(n, gb.get(gram) ?? 0);
  return total ? (2 * shared) / total : 0;
}

/** Arabic numbers and Chinese ordinals (第十批, 第二次). */
function numbers(text: string): string {
  return (text.match(/\d+|第[一二三四五六七八九十百千零〇两]+/g) ?? []).join(',');
}

/** Length of the longest common subsequence of two character arrays. */
function lcsLength(a: string[], b: string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    previous = current;
  }
  return previous[b.length];
}

/** Each title has at least `min` characters the other lacks: a replacement, not an addition. */
function replaced(a: string, b: string, min = 2): boolean {
  const ca = [...a];
  const cb = [...b];
  const common = lcsLength(ca, cb);
  return ca.length - common >= min && cb.length - common >= min;
}

export const MIN_TITLE_LENGTH = 6;

/** Similarity of two raw titles after normalising, 0…1, with the number and length guards. */
export function titleSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  const na = normaliseTitle(a);
  const nb = normaliseTitle(b);
  if (!na || !nb) return 0;
  if (na === nb) return 1;
  if ([...na].length < MIN_TITLE_LENGTH || [...nb].length < MIN_TITLE_LENGTH) return 0;
  const numA = numbers(na);
  const numB = numbers(nb);
  if (numA && numB && numA !== numB) return 0;
  const score = dice(na, nb);
  // The replacement guard costs O(n·m); only scores that would match pay it.
  if (score >= 0.5 && replaced(na, nb)) return Math.min(score, 0.5);
  return score;
}

export const DEFAULT_TITLE_THRESHOLD = 0.85;

export function titlesMatch(a: string | null | undefined, b: string | null | undefined, threshold = DEFAULT_TITLE_THRESHOLD): boolean {
  return titleSimilarity(a, b) >= threshold;
}
