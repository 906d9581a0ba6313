/** Reading a deadline (整改期限). Pure. */
import { parseLooseDate } from '../../common/loose-date';
import { wallTimeToUtc } from '../../common/time';

const DATE_ONLY = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/**
 * A deadline as offices write it: a date alone means the end of that day in `timeZone`
 * (2023-10-15 → 23:59:59.999 Asia/Shanghai); a time without a zone is read in `timeZone`;
 * ISO 8601 with a zone is taken as it is. Null when unreadable.
 */
export function parseDeadline(input: unknown, timeZone: string): Date | null {
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? null : input;
  if (typeof input !== 'string' && typeof input !== 'number') return null;
  const text = String(input).trim();
  const date = DATE_ONLY.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || year < 2000) return null;
    return new Date(wallTimeToUtc({ year, month, day, hour: 23, minute: 59, second: 59 }, timeZone).getTime() + 999);
  }
  if (typeof input === 'number') return null;
  const parsed = parseLooseDate(text, timeZone);
  return parsed && parsed.getUTCFullYear() >= 2000 ? parsed : null;
}
