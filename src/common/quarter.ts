/** Quarters written `YYYYQn`, bounded in a time zone (api.md, General). Pure. */
import { wallTimeToUtc } from './time';

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

const PATTERN = /^(\d{4})Q([1-4])$/;

/** `2023Q3` → {year: 2023, quarter: 3}; null when malformed. */
export function parseQuarter(text: unknown): Quarter | null {
  if (typeof text !== 'string') return null;
  const match = PATTERN.exec(text.trim().toUpperCase());
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1970 || year > 9999) return null;
  return { year, quarter: Number(match[2]) as Quarter['quarter'] };
}

export function formatQuarter(q: Quarter): string {
  return `${q.year}Q${q.quarter}`;
}

/** [from, to): the instants at which the quarter starts and the next one starts, in `timeZone`. */
export function quarterBounds(q: Quarter, timeZone: string): { from: Date; to: Date } {
  const startMonth = (q.quarter - 1) * 3 + 1;
  const from = wallTimeToUtc({ year: q.year, month: startMonth, day: 1 }, timeZone);
  const to = q.quarter === 4 ? wallTimeToUtc({ year: q.year + 1, month: 1, day: 1 }, timeZone) : wallTimeToUtc({ year: q.year, month: startMonth + 3, day: 1 }, timeZone);
  return { from, to };
}

/** The quarter an instant falls in, as seen in `timeZone`. */
export function quarterOf(instant: Date, timeZone: string): Quarter {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(instant);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return { year, quarter: (Math.floor((month - 1) / 3) + 1) as Quarter['quarter'] };
}

/** The start of the next calendar day in `timeZone` after `instant`. */
export function startOfNextDay(instant: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const next = new Date(Date.UTC(get('year'), get('month') - 1, get('day') + 1));
  return wallTimeToUtc({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, timeZone);
}

/** `2023Q3` → `2023年第三季度`: quarters are written in Chinese numerals in every export, never 第3季度. */
export function chineseQuarter(quarter: string): string {
  const q = parseQuarter(quarter);
  return q ? `${q.year}年第${'一二三四'[q.quarter - 1]}季度` : quarter;
}
