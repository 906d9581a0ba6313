/** When to poll next: interval with jitter, exponential backoff after failures. Pure. */
import { backoffDelayMs } from '../../common/backoff';

export interface ScheduleSettings {
  pollIntervalMinutes: number;
  pollDeregisteredIntervalMinutes: number;
  pollJitter: number;
  pollBackoffBaseSeconds: number;
  pollBackoffMaxMinutes: number;
}

/** Accounts polled on their own schedule; deregistered ones still daily (已注销仍运行). */
export const POLLED_STATES = ['opened', 'deregistration_requested', 'deregistered'] as const;

export function intervalMs(state: string, s: ScheduleSettings): number {
  return (state === 'deregistered' ? s.pollDeregisteredIntervalMinutes : s.pollIntervalMinutes) * 60_000;
}

export function jittered(ms: number, jitter: number, random: () => number = Math.random): number {
  return Math.max(1000, Math.round(ms * (1 + (random() * 2 - 1) * jitter)));
}

export function nextAfterSuccess(now: Date, state: string, s: ScheduleSettings, random?: () => number): Date {
  return new Date(now.getTime() + jittered(intervalMs(state, s), s.pollJitter, random));
}

/** base · 2^(failures−1), capped at the maximum (and never later than the regular interval × 12). */
export function backoffMs(failures: number, s: ScheduleSettings): number {
  return backoffDelayMs(failures - 1, { baseMs: s.pollBackoffBaseSeconds * 1000, maxMs: s.pollBackoffMaxMinutes * 60_000 });
}

export function nextAfterFailure(now: Date, failures: number, s: ScheduleSettings, random?: () => number): Date {
  return new Date(now.getTime() + jittered(backoffMs(failures, s), s.pollJitter, random));
}

/**
 * After a failed poll: the consecutive failures (rate limits and quotas are the platform's
 * pace, not a broken source: they do not count), when to poll next and whether to pause.
 */
export function afterFailure(
  failure: { kind: 'transient' | 'config' | 'rate_limited' | 'quota'; retryAt: Date | null },
  previousFailures: number,
  now: Date,
  s: ScheduleSettings,
): { failures: number; nextPollAt: Date; pausedUntil: Date | null } {
  const failures = previousFailures + (failure.kind === 'transient' || failure.kind === 'config' ? 1 : 0);
  const day = new Date(now.getTime() + 24 * 3_600_000);
  if (failure.kind === 'config') return { failures, nextPollAt: day, pausedUntil: null };
  if (failure.kind === 'quota') return { failures, nextPollAt: failure.retryAt ?? day, pausedUntil: failure.retryAt ?? day };
  if (failure.kind === 'rate_limited') return { failures, nextPollAt: failure.retryAt ?? nextAfterFailure(now, Math.max(1, failures), s), pausedUntil: null };
  const backoff = nextAfterFailure(now, failures, s);
  return { failures, nextPollAt: failure.retryAt && failure.retryAt > backoff ? failure.retryAt : backoff, pausedUntil: null };
}
