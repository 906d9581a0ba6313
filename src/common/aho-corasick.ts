/**
 * Aho–Corasick multi-pattern matching: every occurrence of every pattern in one left-to-right
 * pass over the text, whatever the number of patterns (the 错敏词 library, leaders' names).
 * Pure, no dependencies. Patterns and text are compared by UTF-16 code unit; callers
 * normalise both the same way first.
 *
 * The trie's edges live in one Map keyed by `node * 65536 + code unit` (one lookup per
 * step, no per-node maps); failure links are computed breadth-first, and each node keeps
 * the nearest node on its failure chain that ends a pattern, so reporting costs only the hits.
 */

export interface AhoHit {
  /** Index of the pattern in the list given to the constructor. */
  pattern: number;
  /** Code-unit offset of the first character of the occurrence. */
  start: number;
  /** Offset just after it. */
  end: number;
}

export class AhoCorasick {
  private readonly edges = new Map<number, number>();
  /** Per node: the failure link. */
  private readonly fail: number[] = [0];
  /** Per node: indices of patterns ending exactly here. */
  private readonly ends: number[][] = [[]];
  /** Per node: the nearest node on the failure chain with `ends` (or -1). */
  private readonly dict: number[] = [-1];
  private readonly lengths: number[];

  constructor(patterns: readonly string[]) {
    this.lengths = patterns.map((p) => p.length);
    patterns.forEach((pattern, index) => {
      if (!pattern) return;
      let node = 0;
      for (let i = 0; i < pattern.length; i++) node = this.child(node, pattern.charCodeAt(i));
      this.ends[node].push(index);
    });
    this.link();
  }

  get size(): number {
    return this.fail.length;
  }

  private child(node: number, code: number): number {
    const key = node * 65536 + code;
    let next = this.edges.get(key);
    if (next === undefined) {
      next = this.fail.length;
      this.edges.set(key, next);
      this.fail.push(0);
      this.ends.push([]);
      this.dict.push(-1);
    }
    return next;
  }

  /** Failure and dictionary links, breadth-first (a node's links need its parent's). */
  private link(): void {
    const children = new Map<number, [number, number][]>();
    for (const [key, target] of this.edges) {
      const parent = Math.floor(key / 65536);
      const list = children.get(parent) ?? [];
      list.push([key % 65536, target]);
      children.set(parent, list);
    }
    const queue: number[] = [];
    for (const [, target] of children.get(0) ?? []) queue.push(target);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, target] of children.get(node) ?? []) {
        let f = this.fail[node];
        let next = this.edges.get(f * 65536 + code);
        while (next === undefined && f !== 0) {
          f = this.fail[f];
          next = this.edges.get(f * 65536 + code);
        }
        const fallback = next !== undefined && next !== target ? next : 0;
        this.fail[target] = fallback;
        this.dict[target] = this.ends[fallback].length ? fallback : this.dict[fallback];
        queue.push(target);
      }
    }
  }

  /** Calls `onHit` for every occurrence, in order of their end offsets (overlaps included). */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    let node = 0;
    const edges = this.edges;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = edges.get(node * 65536 + code);
      while (next === undefined && node !== 0) {
        node = this.fail[node];
        next = edges.get(node * 65536 + code);
      }
      node = next ?? 0;
      for (let out = this.ends[node].length ? node : this.dict[node]; out !== -1; out = this.dict[out]) {
        for (const pattern of this.ends[out]) onHit(pattern, i + 1 - this.lengths[pattern], i + 1);
      }
    }
  }

  /** Every occurrence as a list. */
  findAll(text: string): AhoHit[] {
    const hits: AhoHit[] = [];
    this.scan(text, (pattern, start, end) => hits.push({ pattern, start, end }));
    return hits;
  }
}
