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
  /** When the office started the cycle: no account is due earlier than `days` after it. */
  start?: Date;
}

/** Before any stored instant: a threshold that no base reaches (MySQL datetime starts at year 1000). */
const NEVER = new Date('1000-01-01T00:00:00.000Z');

export interface CycleFacts {
  certifiedAt: Date | null;
  openedAt: Date | null;
  createdAt: Date;
}

/** The instant the cycle counts from: the last confirmation, else the opening, but never before the cycle's start. */
export function baseOf(a: CycleFacts, start?: Date): Date {
  const own = a.certifiedAt ?? a.openedAt ?? a.createdAt;
  return start && start.getTime() > own.getTime() ? start : own;
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
  const overdueBase = new Date(now.getTime() - options.days * DAY_MS);
  const dueBase = new Date(now.getTime() - (options.days - options.remindDays) * DAY_MS);
  // base' = max(base, start): base' ≤ t holds only when start ≤ t too, so a later start means "never".
  const start = options.start?.getTime() ?? -Infinity;
  return { overdueBase: start <= overdueBase.getTime() ? overdueBase : NEVER, dueBase: start <= dueBase.getTime() ? dueBase : NEVER };
}

export interface CycleView {
  baseAt: Date;
  dueAt: Date;
  status: RecertStatus;
  daysLeft: number;
}

export function cycleOf(a: CycleFacts, now: Date, options: CycleOptions): CycleView {
  const baseAt = baseOf(a, options.start);
  const dueAt = dueAtOf(baseAt, options.days);
  return { baseAt, dueAt, status: statusAt(dueAt, now, options.remindDays), daysLeft: daysLeft(dueAt, now) };
}

/** YYYY-MM-DD of an instant in a time zone (messages). */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
