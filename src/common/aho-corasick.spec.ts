import { AhoCorasick } from './aho-corasick';

/** The naive answer: every occurrence of every pattern, by indexOf. */
function naive(patterns: string[], text: string): string[] {
  const hits: string[] = [];
  patterns.forEach((p, index) => {
    if (!p) return;
    for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + 1)) hits.push(`${index}@${i}`);
  });
  return hits.sort();
}

describe('AhoCorasick', () => {
  it('finds overlapping and nested patterns (the classic he/she/his/hers)', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    expect(ac.findAll('ushers')).toEqual([
      { pattern: 1, start: 1, end: 4 },
      { pattern: 0, start: 2, end: 4 },
      { pattern: 3, start: 2, end: 6 },
    ]);
  });

  it('matches Chinese text and patterns that are suffixes of others', () => {
    const ac = new AhoCorasick(['中华人民共合国', '共合国', '人民']);
    const hits = ac.findAll('庆祝中华人民共合国成立,人民');
    expect(hits.map((h) => `${h.pattern}@${h.start}`).sort()).toEqual(['0@2', '1@6', '2@4', '2@12'].sort());
  });

  it('reports repeated and adjacent occurrences, and none for an empty text or pattern list', () => {
    expect(new AhoCorasick(['aa']).findAll('aaaa').map((h) => h.start)).toEqual([0, 1, 2]);
    expect(new AhoCorasick(['x']).findAll('')).toEqual([]);
    expect(new AhoCorasick([]).findAll('abc')).toEqual([]);
    expect(new AhoCorasick(['', 'b']).findAll('abc')).toEqual([{ pattern: 1, start: 1, end: 2 }]);
  });

  it('reports duplicate patterns under each index', () => {
    expect(new AhoCorasick(['ab', 'ab']).findAll('xab').map((h) => h.pattern)).toEqual([0, 1]);
  });

  it('agrees with a naive indexOf search on random texts', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const alphabet = 'ab中国人民c';
    const word = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const patterns = Array.from({ length: 1 + rand(8) }, () => word(1 + rand(4)));
      const text = word(rand(60));
      // Both forms: the dense table and the sparse one larger libraries keep.
      for (const limit of [undefined, 0]) {
        const ours = new AhoCorasick(patterns, limit)
          .findAll(text)
          .map((h) => `${h.pattern}@${h.start}`)
          .sort();
        expect(ours).toEqual(naive(patterns, text));
      }
    }
  });
});
