// Dates are stored in UTC and always shown in the office's time zone.
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const APP_TIMEZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.tz(APP_TIMEZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.tz(APP_TIMEZONE).format('YYYY-MM-DD') : '—';
}

/**
 * A date picker value is the wall-clock time the person typed: read it as Beijing time
 * (whatever the browser's own zone) and send it as an ISO instant.
 */
export function pickerToIso(value: Dayjs | null | undefined): string | undefined {
  if (!value) return undefined;
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), APP_TIMEZONE).toISOString();
}

/** For DatePicker `disabledDate`: nothing after today in Beijing time (history is never in the future). */
export function isAfterToday(value: Dayjs): boolean {
  return value.format('YYYY-MM-DD') > dayjs().tz(APP_TIMEZONE).format('YYYY-MM-DD');
}

export { dayjs };

/** A quarter as the API writes it: `2023Q3`. */
export type Quarter = string;

/** The quarter that `at` (default now) falls in, in Beijing time. */
export function quarterOf(at: string | Date | Dayjs = dayjs()): Quarter {
  const d = dayjs(at).tz(APP_TIMEZONE);
  return `${d.year()}Q${Math.floor(d.month() / 3) + 1}`;
}

/** The current quarter and the `count - 1` before it, newest first (for quarter pickers). */
export function recentQuarters(count: number, from: Quarter = quarterOf()): Quarter[] {
  const match = /^(\d{4})Q([1-4])$/.exec(from);
  let year = match ? Number(match[1]) : dayjs().year();
  let q = match ? Number(match[2]) : 1;
  const result: Quarter[] = [];
  for (let i = 0; i < count; i++) {
    result.push(`${year}Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return result;
}

export function isQuarter(value: string | undefined): value is Quarter {
  return !!value && /^\d{4}Q[1-4]$/.test(value);
}

/** `2023Q3` → `2023年第三季度` (quarters are written in Chinese numerals, never 第3季度). */
export function formatQuarter(quarter: Quarter): string {
  const match = /^(\d{4})Q([1-4])$/.exec(quarter);
  return match ? `${match[1]}年第${'一二三四'[Number(match[2]) - 1]}季度` : quarter;
}

/** A `YYYY-MM-DD` day (as kept in the URL) → the ISO instant it starts at in Beijing time. */
export function dayStartIso(day: string | undefined, addDays = 0): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  return dayjs.tz(day, APP_TIMEZONE).add(addDays, 'day').toISOString();
}
