/** Lenient date reading for real-world feeds and platform APIs. Pure. */
import { wallTimeToUtc } from './time';

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const ZONES: Record<string, string> = { CST: '+0800', BJT: '+0800', UT: '+0000', UTC: '+0000', GMT: '+0000', Z: '+0000', EST: '-0500', EDT: '-0400', PST: '-0800', PDT: '-0700' };

/**
 * Reads RFC 822/1123 (`Tue, 31 May 2011 17:46:55 +0800`), Weibo's `Tue May 31 17:46:55 +0800 2011`,
 * ISO 8601, `2023-09-30 23:59:59`, `2023年9月30日 10:00`, `2023/9/30` and Unix seconds or
 * milliseconds. A time without a zone is read in `timeZone`. Returns null when unreadable.
 */
export function parseLooseDate(input: unknown, timeZone = 'Asia/Shanghai'): Date | null {
  if (input === null || input === undefined) return null;
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? null : input;
  if (typeof input === 'number') return fromEpoch(input);
  const text = String(input).trim().replace(/\s+/g, ' ');
  if (!text) return null;
  if (/^\d{9,13}$/.test(text)) return fromEpoch(Number(text));

  // ISO 8601 and its common relatives (space instead of T, slashes, Chinese date marks).
  const iso = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]?(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.(\d+))?秒?)?)? ?(Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4})?$/i.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const wall = { year: +y, month: +mo, day: +d, hour: h ? +h : 0, minute: mi ? +mi : 0, second: s ? +s : 0 };
    const ms = frac ? Number(`0.${frac}`) * 1000 : 0;
    if (!valid(wall)) return null;
    const offset = zone ? zoneOffset(zone) : null;
    if (zone && offset === null) return null;
    const base = offset === null ? wallTimeToUtc(wall, timeZone).getTime() : Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - offset * 60000;
    return new Date(base + Math.round(ms));
  }

  // RFC 822 / 1123 and Weibo's `Tue May 31 17:46:55 +0800 2011`, with lenient zones.
  const cleaned = text.replace(/^[A-Za-z]{3,9},? /, '');
  const rfc = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{2,4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?((?:GMT|UTC)?[+-]\d{2}:?\d{2}|[A-Z]{1,4})?$/.exec(cleaned);
  const weibo = /^([A-Za-z]{3}) (\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$/.exec(cleaned);
  if (rfc) {
    const [, d, mon, y, h, mi, s, zone] = rfc;
    const month = MONTHS[mon.toLowerCase()];
    const year = y.length === 2 ? 2000 + Number(y) : Number(y);
    return build(year, month, +d, +h, +mi, s ? +s : 0, zone, timeZone);
  }
  if (weibo) {
    const [, mon, d, h, mi, s, zone, y] = weibo;
    return build(+y, MONTHS[mon.toLowerCase()], +d, +h, +mi, +s, zone, timeZone);
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : new Date(parsed);
}

function build(year: number, month: number | undefined, day: number, hour: number, minute: number, second: number, zone: string | undefined, timeZone: string): Date | null {
  if (!month) return null;
  const wall = { year, month, day, hour, minute, second };
  if (!valid(wall)) return null;
  if (!zone) return wallTimeToUtc(wall, timeZone);
  const offset = zoneOffset(zone);
  if (offset === null) return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60000);
}

function zoneOffset(zone: string): number | null {
  const z = ZONES[zone.toUpperCase()] ?? zone.replace(/^(GMT|UTC)(?=[+-])/i, '');
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (!match) return null;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function valid(w: { year: number; month: number; day: number; hour: number; minute: number; second: number }): boolean {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return d.getUTCFullYear() === w.year && d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day && w.hour < 24 && w.minute < 60 && w.second < 61 && w.year > 1970;
}

function fromEpoch(n: number): Date | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  return new Date(n < 1e11 ? n * 1000 : n);
}
