/**
 * The re-certification cycle (定期核查), as plain functions: an opened account is due
 * `days` after its last confirmation (else its opening, else its creation), reminded
 * `remindDays` before that, and overdue from the due instant on.
 */
export const RECERT_STATUSES = ['ok', 'due', 'overdue'] as const;
export type RecertStatus = (typeof RECERT_STATUSES)[number];

export const DAY_MS = 86_400_000;

export interface CycleOptions {
  days: number;
  remindDays: number;
}

export interface CycleFacts {
  certifiedAt: Date | null;
  openedAt: Date | null;
  createdAt: Date;
}

/** The instant the cycle counts from. */
export function baseOf(a: CycleFacts): Date {
  return a.certifiedAt ?? a.openedAt ?? a.createdAt;
}

export function dueAtOf(base: Date, days: number): Date {
  return new Date(base.getTime() + days * DAY_MS);
}

export function statusAt(dueAt: Date, now: Date, remindDays: number): RecertStatus {
  if (now.getTime() >= dueAt.getTime()) return 'overdue';
  if (now.getTime() >= dueAt.getTime() - remindDays * DAY_MS) return 'due';
  return 'ok';
}

/** Whole days until the due date (0 on the day it falls due, negative once overdue). */
export function daysLeft(dueAt: Date, now: Date): number {
  const diff = (dueAt.getTime() - now.getTime()) / DAY_MS;
  return diff >= 0 ? Math.ceil(diff) : -Math.floor(-diff);
}

/**
 * Base instants for SQL filters at `now`: base ≤ `overdueBase` is overdue,
 * base ≤ `dueBase` is due or overdue, anything later is ok.
 */
export function thresholds(now: Date, options: CycleOptions): { overdueBase: Date; dueBase: Date } {
  return {
    overdueBase: new Date(now.getTime() - options.days * DAY_MS),
    dueBase: new Date(now.getTime() - (options.days - options.remindDays) * DAY_MS),
  };
}

export interface CycleView {
  baseAt: Date;
  dueAt: Date;
  status: RecertStatus;
  daysLeft: number;
}

export function cycleOf(a: CycleFacts, now: Date, options: CycleOptions): CycleView {
  const baseAt = baseOf(a);
  const dueAt = dueAtOf(baseAt, options.days);
  return { baseAt, dueAt, status: statusAt(dueAt, now, options.remindDays), daysLeft: daysLeft(dueAt, now) };
}

/** YYYY-MM-DD of an instant in a time zone (messages). */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
