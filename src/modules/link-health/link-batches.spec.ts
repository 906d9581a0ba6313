import { hostOf, planBatches } from './link-batches';

const targets = (host: string, from: number, n: number) => Array.from({ length: n }, (_, i) => ({ columnId: from + i, url: `http://${host}/page/${from + i}` }));

describe('planBatches', () => {
  it('gives each big host its own batches of at most `size`, near-equal, and lets small hosts share', () => {
    const plan = planBatches(
      [...targets('big.example', 1, 25), ...targets('mid.example:8080', 100, 6), ...targets('small.example', 200, 3), ...targets('tiny.example', 300, 2)],
      10,
    );
    const hostsOf = (ids: number[]) => new Set(ids.map((id) => (id < 100 ? 'big' : id < 200 ? 'mid' : id < 300 ? 'small' : 'tiny')));
    const batches = [...plan.values()];
    // big: 25 → 9 + 9 + 7; mid (6) and small (3) share one batch; tiny (2) does not fit (6 + 3 + 2 > 10).
    expect(batches.map((b) => b.length)).toEqual([9, 9, 7, 9, 2]);
    expect(batches.map((b) => [...hostsOf(b)].sort().join('+'))).toEqual(['big', 'big', 'big', 'mid+small', 'tiny']);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(
      [...targets('big.example', 1, 25), ...targets('mid', 100, 6), ...targets('s', 200, 3), ...targets('t', 300, 2)].map((t) => t.columnId),
    );
    expect([...plan.keys()]).toEqual([0, 1, 2, 3, 4]);
  });

  it('is deterministic whatever the order of the columns', () => {
    const list = [...targets('a.example', 1, 13), ...targets('b.example', 50, 4), ...targets('c.example', 90, 4)];
    const shuffled = [...list].reverse();
    expect([...planBatches(shuffled, 5)]).toEqual([...planBatches(list, 5)]);
  });

  it('puts links that are not URLs together under the empty host', () => {
    expect(hostOf('not a url')).toBe('');
    expect(hostOf('https://WWW.Example.GOV.cn:443/a')).toBe('www.example.gov.cn');
    expect([
      ...planBatches(
        [
          { columnId: 1, url: 'nope' },
          { columnId: 2, url: '::' },
        ],
        100,
      ).values(),
    ]).toEqual([[1, 2]]);
    expect(planBatches([], 100).size).toBe(0);
  });
});
