import { formatQuarter, parseQuarter, quarterBounds, quarterOf, startOfNextDay } from './quarter';

const TZ = 'Asia/Shanghai';

describe('quarter helpers', () => {
  it('parses YYYYQn and refuses anything else', () => {
    expect(parseQuarter('2023Q3')).toEqual({ year: 2023, quarter: 3 });
    expect(parseQuarter('2023q4')).toEqual({ year: 2023, quarter: 4 });
    for (const bad of ['2023Q5', '2023Q0', '23Q1', '2023-Q1', '', 'Q1', undefined, 2023]) expect(parseQuarter(bad)).toBeNull();
    expect(formatQuarter({ year: 2024, quarter: 1 })).toBe('2024Q1');
  });

  it('bounds a quarter in the office time zone', () => {
    const q3 = quarterBounds({ year: 2023, quarter: 3 }, TZ);
    expect(q3.from.toISOString()).toBe('2023-06-30T16:00:00.000Z');
    expect(q3.to.toISOString()).toBe('2023-09-30T16:00:00.000Z');
    const q4 = quarterBounds({ year: 2023, quarter: 4 }, TZ);
    expect(q4.from.toISOString()).toBe('2023-09-30T16:00:00.000Z');
    expect(q4.to.toISOString()).toBe('2023-12-31T16:00:00.000Z');
    const utc = quarterBounds({ year: 2023, quarter: 1 }, 'UTC');
    expect(utc.from.toISOString()).toBe('2023-01-01T00:00:00.000Z');
  });

  it('puts the last second of September in Q3 and midnight of October 1st in Q4 (+08:00)', () => {
    expect(quarterOf(new Date('2023-09-30T23:59:59+08:00'), TZ)).toEqual({ year: 2023, quarter: 3 });
    expect(quarterOf(new Date('2023-10-01T00:00:00+08:00'), TZ)).toEqual({ year: 2023, quarter: 4 });
    const { from, to } = quarterBounds({ year: 2023, quarter: 3 }, TZ);
    const inside = (d: Date) => d >= from && d < to;
    expect(inside(new Date('2023-09-30T23:59:59+08:00'))).toBe(true);
    expect(inside(new Date('2023-10-01T00:00:00+08:00'))).toBe(false);
    expect(inside(new Date('2023-07-01T00:00:00+08:00'))).toBe(true);
  });

  it('finds the start of the next day in the zone', () => {
    expect(startOfNextDay(new Date('2023-09-30T23:59:59+08:00'), TZ).toISOString()).toBe('2023-09-30T16:00:00.000Z');
    expect(startOfNextDay(new Date('2023-09-30T10:00:00+08:00'), TZ).toISOString()).toBe('2023-09-30T16:00:00.000Z');
  });
});
