import { bucketIndex, platformRows, unitPostRows, weekBuckets, weekReadingTime } from './overview-charts';

const TZ = 'Asia/Shanghai';
const at = (text: string) => new Date(text);

describe('overview charts: weeks of a quarter', () => {
  // 2023Q3 in Beijing: 2023-07-01 (a Saturday) to 2023-10-01.
  const from = at('2023-07-01T00:00:00+08:00');
  const to = at('2023-10-01T00:00:00+08:00');

  it('cuts a past quarter into Monday-to-Sunday weeks, the first and last clipped', () => {
    const weeks = weekBuckets(from, to, to, TZ);
    expect(weeks).toHaveLength(14);
    expect(weeks[0]).toEqual({ start: from, end: at('2023-07-03T00:00:00+08:00') });
    expect(weeks[1]).toEqual({ start: at('2023-07-03T00:00:00+08:00'), end: at('2023-07-10T00:00:00+08:00') });
    expect(weeks[13]).toEqual({ start: at('2023-09-25T00:00:00+08:00'), end: to });
    // Contiguous: each week starts where the one before ends.
    for (let i = 1; i < weeks.length; i++) expect(weeks[i].start).toEqual(weeks[i - 1].end);
  });

  it('a quarter starting on a Monday has a full first week', () => {
    // 2024Q1 starts on Monday 2024-01-01.
    const weeks = weekBuckets(at('2024-01-01T00:00:00+08:00'), at('2024-04-01T00:00:00+08:00'), at('2024-04-01T00:00:00+08:00'), TZ);
    expect(weeks[0].end).toEqual(at('2024-01-08T00:00:00+08:00'));
    expect(weeks.at(-1)!.end).toEqual(at('2024-04-01T00:00:00+08:00'));
  });

  it('the current quarter has only the weeks begun so far, the running one read at asOf', () => {
    const asOf = at('2023-07-12T15:00:00+08:00');
    const weeks = weekBuckets(from, to, asOf, TZ);
    expect(weeks).toHaveLength(3);
    expect(weekReadingTime(weeks[1], asOf)).toEqual(weeks[1].end);
    expect(weekReadingTime(weeks[2], asOf)).toEqual(asOf);
  });

  it('places an instant in its week by Beijing time', () => {
    const weeks = weekBuckets(from, to, to, TZ);
    // Sunday 23:30 in Beijing is still the week before Monday.
    expect(bucketIndex(weeks, at('2023-07-09T23:30:00+08:00'))).toBe(1);
    expect(bucketIndex(weeks, at('2023-07-10T00:00:00+08:00'))).toBe(2);
    expect(bucketIndex(weeks, to)).toBe(-1);
  });
});

describe('overview charts: units and platforms', () => {
  const from = at('2023-07-01T00:00:00+08:00');
  const asOf = at('2023-10-01T00:00:00+08:00');
  const unit = (id: number, name: string, code: string | null, status = 'active', abolishedAt: Date | null = null) => ({ id, name, code, status, abolishedAt, accountsEver: 1 });

  it('lists the report’s units by code with posts and the target that applies (null without one)', () => {
    const rows = unitPostRows({
      units: [unit(1, '乙镇', '02'), unit(2, '甲镇', '01'), unit(3, '撤并局', '03', 'abolished', at('2023-01-01T00:00:00+08:00'))],
      from,
      asOf,
      posts: new Map([[1, { posts: 7, reposts: 2 }]]),
      unitTargets: new Map([[2, { posts: 10, reposts: 1 }]]),
      defaultTarget: null,
      only: null,
    });
    expect(rows).toEqual([
      { unitId: 2, unitName: '甲镇', posts: 0, reposts: 0, targetPosts: 10, targetReposts: 1 },
      { unitId: 1, unitName: '乙镇', posts: 7, reposts: 2, targetPosts: null, targetReposts: null },
    ]);
  });

  it('an operator gets their own unit only; the default target applies to units without their own', () => {
    const rows = unitPostRows({
      units: [unit(1, '乙镇', '02'), unit(2, '甲镇', '01')],
      from,
      asOf,
      posts: new Map(),
      unitTargets: new Map(),
      defaultTarget: { posts: 5, reposts: 0 },
      only: 1,
    });
    expect(rows).toEqual([{ unitId: 1, unitName: '乙镇', posts: 0, reposts: 0, targetPosts: 5, targetReposts: 0 }]);
  });

  it('sums open accounts per platform over the units in scope and adds the posts', () => {
    const open = new Map<number, Record<string, number>>([
      [1, { wechat: 2, weibo: 1 }],
      [2, { wechat: 1 }],
    ]);
    const posts = [
      { id: 'wechat', posts: '9' },
      { id: 'douyin', posts: 0 },
    ];
    expect(platformRows(open, posts, null)).toEqual([
      { platform: 'wechat', openAccounts: 3, posts: 9 },
      { platform: 'weibo', openAccounts: 1, posts: 0 },
    ]);
    expect(platformRows(open, [], 2)).toEqual([{ platform: 'wechat', openAccounts: 1, posts: 0 }]);
  });
});
