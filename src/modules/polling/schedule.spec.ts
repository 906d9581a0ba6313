import { afterFailure, backoffMs, jittered, nextAfterSuccess } from './schedule';

const s = { pollIntervalMinutes: 120, pollDeregisteredIntervalMinutes: 1440, pollJitter: 0.1, pollBackoffBaseSeconds: 300, pollBackoffMaxMinutes: 1440 };

describe('poll schedule', () => {
  it('polls opened accounts every interval and deregistered ones daily, with jitter', () => {
    const now = new Date('2023-09-30T00:00:00Z');
    expect(nextAfterSuccess(now, 'opened', s, () => 0.5).getTime() - now.getTime()).toBe(120 * 60_000);
    expect(nextAfterSuccess(now, 'deregistered', s, () => 0.5).getTime() - now.getTime()).toBe(1440 * 60_000);
    expect(jittered(1000 * 60, 0.1, () => 1)).toBe(66_000);
    expect(jittered(1000 * 60, 0.1, () => 0)).toBe(54_000);
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, s) / 1000)).toEqual([300, 600, 1200, 2400]);
    expect(backoffMs(40, s)).toBe(1440 * 60_000);
  });

  it('counts transient and configuration failures, not the platform’s pace, and waits as each asks', () => {
    const now = new Date('2023-09-30T00:00:00Z');
    const later = new Date('2023-09-30T05:00:00Z');
    const day = new Date('2023-10-01T00:00:00Z');
    expect(afterFailure({ kind: 'config', retryAt: null }, 1, now, s)).toEqual({ failures: 2, nextPollAt: day, pausedUntil: null });
    expect(afterFailure({ kind: 'quota', retryAt: later }, 1, now, s)).toEqual({ failures: 1, nextPollAt: later, pausedUntil: later });
    expect(afterFailure({ kind: 'quota', retryAt: null }, 0, now, s)).toEqual({ failures: 0, nextPollAt: day, pausedUntil: day });
    expect(afterFailure({ kind: 'rate_limited', retryAt: later }, 2, now, s)).toEqual({ failures: 2, nextPollAt: later, pausedUntil: null });
    const transient = afterFailure({ kind: 'transient', retryAt: null }, 0, now, s);
    expect(transient.failures).toBe(1);
    expect(transient.nextPollAt.getTime() - now.getTime()).toBeGreaterThanOrEqual(270_000);
    expect(afterFailure({ kind: 'transient', retryAt: day }, 0, now, s).nextPollAt).toEqual(day);
  });
});
