/**
 * Aho–Corasick multi-pattern matching: every occurrence of every pattern in one left-to-right
 * pass over the text, whatever the number of patterns (the 错敏词 library, leaders' names).
 * Pure, no dependencies. Patterns and text are compared by UTF-16 code unit; callers
 * normalise both the same way first.
 *
 * The trie's edges live in one open-addressing hash table of typed arrays keyed by (node, code
 * unit) — integers only, no per-node maps, nothing allocated while scanning — with a dense row
 * for the root (the state most steps return to). Failure links are computed breadth-first, and
 * each node keeps the nearest node on its failure chain that ends a pattern, so reporting costs
 * only the hits.
 */

export interface AhoHit {
  /** Index of the pattern in the list given to the constructor. */
  pattern: number;
  /** Code-unit offset of the first character of the occurrence. */
  start: number;
  /** Offset just after it. */
  end: number;
}

/** Largest dense transition table built (entries of 4 bytes: 96 MB). */
const DENSE_LIMIT = 24_000_000;

/** (node, code unit) → node, open addressing with linear probing over typed arrays. */
class EdgeTable {
  private nodes: Int32Array;
  private codes: Int32Array;
  private targets: Int32Array;
  private mask: number;
  count = 0;

  constructor(capacity = 1024) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.nodes = new Int32Array(size).fill(-1);
    this.codes = new Int32Array(size);
    this.targets = new Int32Array(size);
    this.mask = size - 1;
  }

  private slot(node: number, code: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) & this.mask;
  }

  get(node: number, code: number): number {
    for (let i = this.slot(node, code); ; i = (i + 1) & this.mask) {
      const n = this.nodes[i];
      if (n === -1) return -1;
      if (n === node && this.codes[i] === code) return this.targets[i];
    }
  }

  set(node: number, code: number, target: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    let i = this.slot(node, code);
    while (this.nodes[i] !== -1) i = (i + 1) & this.mask;
    this.nodes[i] = node;
    this.codes[i] = code;
    this.targets[i] = target;
    this.count++;
  }

  /** Every edge as [node, code, target]. */
  *entries(): Generator<[number, number, number]> {
    for (let i = 0; i <= this.mask; i++) if (this.nodes[i] !== -1) yield [this.nodes[i], this.codes[i], this.targets[i]];
  }

  private grow(): void {
    const old = [...this.entries()];
    const size = (this.mask + 1) * 2;
    this.nodes = new Int32Array(size).fill(-1);
    this.codes = new Int32Array(size);
    this.targets = new Int32Array(size);
    this.mask = size - 1;
    this.count = 0;
    for (const [node, code, target] of old) this.set(node, code, target);
  }
}

export class AhoCorasick {
  private readonly edges = new EdgeTable();
  /** The root's edges, dense: code unit → node (0 = stay at the root). */
  private readonly root = new Int32Array(65536);
  /** Per node: the failure link. */
  private fail: number[] = [0];
  /** Per node: indices of patterns ending exactly here. */
  private readonly ends: number[][] = [[]];
  /** Per node: the nearest node on the failure chain with `ends` (or -1). */
  private dict: number[] = [-1];
  /** Per node, the first node whose patterns end here (itself or along the dictionary links), -1 if none: one read per step. */
  private firstOut: Int32Array = new Int32Array(0);
  private readonly lengths: number[];
  /** Dense automaton when it fits (see `densify`): code unit → alphabet column, and node × column → node. */
  private alphabet: Int32Array | null = null;
  private delta: Int32Array | null = null;
  private width = 0;

  /** `denseLimit`: the largest dense table to build (entries); 0 keeps the sparse form (tests). */
  constructor(
    patterns: readonly string[],
    private readonly denseLimit = DENSE_LIMIT,
  ) {
    this.lengths = patterns.map((p) => p.length);
    patterns.forEach((pattern, index) => {
      if (!pattern) return;
      let node = 0;
      for (let i = 0; i < pattern.length; i++) node = this.child(node, pattern.charCodeAt(i));
      this.ends[node].push(index);
    });
    this.link();
    this.densify();
  }

  /**
   * The full transition table over the patterns' alphabet (a character no pattern has sends
   * the automaton to the root), so a step is two array reads and no failure walk. Built only
   * while it stays under DENSE_LIMIT entries (4 bytes each); larger libraries keep the sparse form.
   */
  private densify(): void {
    const alphabet = new Int32Array(65536);
    let width = 1;
    const codes: number[] = [];
    const column = (code: number) => {
      if (alphabet[code]) return;
      alphabet[code] = width++;
      codes.push(code);
    };
    for (let code = 0; code < 65536; code++) if (this.root[code]) column(code);
    for (const [, code] of this.edges.entries()) column(code);
    const states = this.fail.length;
    if (states * width > this.denseLimit) return;
    const delta = new Int32Array(states * width);
    // Breadth-first: a node's failure target is shallower, so its row is complete before the node's.
    const order = [0];
    for (let head = 0; head < order.length; head++) {
      const node = order[head];
      const row = node * width;
      const failRow = this.fail[node] * width;
      for (let k = 0; k < codes.length; k++) {
        const column = k + 1;
        const next = this.next(node, codes[k]);
        if (next !== -1) {
          delta[row + column] = next;
          order.push(next);
        } else delta[row + column] = node === 0 ? 0 : delta[failRow + column];
      }
    }
    this.alphabet = alphabet;
    this.delta = delta;
    this.width = width;
  }

  get size(): number {
    return this.fail.length;
  }

  private next(node: number, code: number): number {
    return node === 0 ? this.root[code] || -1 : this.edges.get(node, code);
  }

  private child(node: number, code: number): number {
    let next = this.next(node, code);
    if (next === -1) {
      next = this.fail.length;
      if (node === 0) this.root[code] = next;
      else this.edges.set(node, code, next);
      this.fail.push(0);
      this.ends.push([]);
      this.dict.push(-1);
    }
    return next;
  }

  /** Failure and dictionary links, breadth-first (a node's links need its parent's). */
  private link(): void {
    const children = new Map<number, [number, number][]>();
    const add = (parent: number, code: number, target: number) => {
      const list = children.get(parent) ?? [];
      list.push([code, target]);
      children.set(parent, list);
    };
    for (let code = 0; code < 65536; code++) if (this.root[code]) add(0, code, this.root[code]);
    for (const [node, code, target] of this.edges.entries()) add(node, code, target);
    const queue: number[] = (children.get(0) ?? []).map(([, target]) => target);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, target] of children.get(node) ?? []) {
        let f = this.fail[node];
        let next = this.next(f, code);
        while (next === -1 && f !== 0) {
          f = this.fail[f];
          next = this.next(f, code);
        }
        const fallback = next !== -1 && next !== target ? next : 0;
        this.fail[target] = fallback;
        this.dict[target] = this.ends[fallback].length ? fallback : this.dict[fallback];
        queue.push(target);
      }
    }
    // Typed arrays for the scan loop.
    this.fail = Int32Array.from(this.fail) as unknown as number[];
    this.dict = Int32Array.from(this.dict) as unknown as number[];
    this.firstOut = Int32Array.from(this.ends, (patterns, node) => (patterns.length ? node : this.dict[node]));
  }

  /** Calls `onHit` for every occurrence, in order of their end offsets (overlaps included). */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    if (this.delta) return this.scanDense(text, onHit);
    const { edges, root, fail, ends, dict } = this;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = node === 0 ? root[code] || -1 : edges.get(node, code);
      while (next === -1 && node !== 0) {
        node = fail[node];
        next = node === 0 ? root[code] || -1 : edges.get(node, code);
      }
      node = next === -1 ? 0 : next;
      if (node === 0) continue;
      for (let out = ends[node].length ? node : dict[node]; out !== -1; out = dict[out]) {
        for (const pattern of ends[out]) onHit(pattern, i + 1 - this.lengths[pattern], i + 1);
      }
    }
  }

  private scanDense(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    const alphabet = this.alphabet!;
    const delta = this.delta!;
    const { width, ends, dict, firstOut } = this;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      node = delta[node * width + alphabet[text.charCodeAt(i)]];
      for (let out = firstOut[node]; out !== -1; out = dict[out]) {
        for (const pattern of ends[out]) onHit(pattern, i + 1 - this.lengths[pattern], i + 1);
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
