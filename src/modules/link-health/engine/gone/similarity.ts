/**
 * Page similarity for catch-all sites (a site that answers every path with the same page):
 * character-shingle sets of a page's visible text and their Jaccard index. Ids, dates and the
 * path's own words are left out, so the same template with a different counter or echoed path
 * still counts as the same page; equality would miss those. Pure.
 */
import type { PageParts } from './html-parts';

const SHINGLE = 3;
/** Text beyond this is not read (templates differ early if they differ at all). */
const READ_CHARS = 20_000;

export function shinglesOf(parts: Pick<PageParts, 'title' | 'text'>, ignore: string[] = []): Set<string> {
  let text = `${parts.title} ${parts.text}`.slice(0, READ_CHARS);
  for (const word of ignore) if (word) text = text.split(word).join(' ');
  text = text.replace(/\d+/g, '0').replace(/\s+/g, ' ').toLowerCase();
  const shingles = new Set<string>();
  for (let i = 0; i + SHINGLE <= text.length; i++) shingles.add(text.slice(i, i + SHINGLE));
  if (!shingles.size && text.trim()) shingles.add(text.trim());
  return shingles;
}

/** Jaccard index of two shingle sets (1 = the same page). */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const g of small) if (large.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}
