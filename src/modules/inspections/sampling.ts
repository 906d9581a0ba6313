/**
 * Drawing a round's sample (api.md v1.1): per unit ⌈rate × the unit's accounts⌉, by a seeded
 * shuffle, so the same seed draws the same accounts and no unit with accounts is skipped by
 * chance. Each unit's draw depends only on the seed, the unit and its own accounts, so adding
 * an account elsewhere does not change it. Pure.
 */

export interface Candidate {
  id: number;
  unitId: number;
}

/** A seed for a round that was given none: a positive 31-bit integer. */
export function drawSeed(random: () => number = Math.random): number {
  return 1 + Math.floor(random() * 0x7ffffffe);
}

/** The ids drawn, ascending. `rate` in (0, 1]. */
export function drawSample(candidates: readonly Candidate[], rate: number, seed: number): number[] {
  const byUnit = new Map<number, number[]>();
  for (const c of candidates) {
    const ids = byUnit.get(c.unitId) ?? [];
    ids.push(c.id);
    byUnit.set(c.unitId, ids);
  }
  const drawn: number[] = [];
  for (const [unitId, ids] of byUnit) {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const take = Math.min(sorted.length, Math.ceil(rate * sorted.length - 1e-9));
    drawn.push(...shuffle(sorted, mulberry32(hash(`${seed}:${unitId}`))).slice(0, take));
  }
  return drawn.sort((a, b) => a - b);
}

/** Fisher–Yates with the given generator. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** FNV-1a, 32 bits. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small, well-mixed 32-bit generator: the same seed gives the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
