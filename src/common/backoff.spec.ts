import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelayMs(a, { baseMs: 500 }))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelayMs(10, { baseMs: 1000, maxMs: 30_000 })).toBe(30_000);
  });

  it('treats negative or huge attempts sanely', () => {
    expect(backoffDelayMs(-3, { baseMs: 100 })).toBe(100);
    expect(Number.isFinite(backoffDelayMs(10_000, { baseMs: 100 }))).toBe(true);
  });

  it('draws from the upper half with jitter', () => {
    expect(backoffDelayMs(2, { baseMs: 1000, jitter: 'half', random: () => 0 })).toBe(2000);
    expect(backoffDelayMs(2, { baseMs: 1000, jitter: 'half', random: () => 0.999999 })).toBe(4000);
  });
});
