/**
 * Personal numbers in text (个人信息): resident ID numbers (GB 11643-1999, check digit),
 * mobile numbers (11 digits, 1[3-9]…) and bank card numbers (16–19 digits, Luhn), found
 * unmasked, and masked for anything that shows or stores them. Pure, no dependencies.
 *
 * Boundaries: a number is a whole run of digits (never part of a longer run, of a word with
 * letters, or of a decimal), not touching a mask character (6101********1234 is already
 * masked), and may be written in groups separated by single spaces or hyphens
 * (6222 0212 3456 7890 123, 138-1234-5678). Landlines (0571-88886666) are none of the three.
 */

export type PersonalNumberKind = 'resident_id' | 'mobile' | 'bank_card';

export interface PersonalNumber {
  kind: PersonalNumberKind;
  /** UTF-16 offsets of the number as written (separators included). */
  start: number;
  end: number;
  /** The number as written with its digits masked (separators kept, same length). */
  masked: string;
}

export const PERSONAL_NUMBER_LABELS: Record<PersonalNumberKind, string> = {
  resident_id: '身份证号',
  mobile: '手机号',
  bank_card: '银行卡号',
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643: 17 digits and a check digit (12 − Σ dᵢwᵢ mod 11) mod 11 (10 written X), with a real birth date. */
export function isResidentId(value: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (value.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  if (ID_CHECK[sum % 11] !== value[17].toUpperCase()) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2100 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

export function luhnValid(value: string): boolean {
  let sum = 0;
  for (let i = value.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = value.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function isBankCard(value: string): boolean {
  return /^\d{16,19}$/.test(value) && !/^(\d)\1+$/.test(value) && luhnValid(value);
}

function classify(digits: string): PersonalNumberKind | null {
  if (digits.length === 18 && isResidentId(digits)) return 'resident_id';
  if (digits.length === 11 && isMobile(digits)) return 'mobile';
  if (digits.length >= 16 && digits.length <= 19 && /^\d+$/.test(digits) && isBankCard(digits)) return 'bank_card';
  return null;
}

/** How many leading and trailing digits stay visible. */
const KEEP: Record<PersonalNumberKind, [number, number]> = { resident_id: [4, 4], mobile: [3, 4], bank_card: [4, 4] };

function maskWritten(written: string, kind: PersonalNumberKind): string {
  const total = written.replace(/[^\dXx]/g, '').length;
  const [head, tail] = KEEP[kind];
  let seen = 0;
  let out = '';
  for (const ch of written) {
    if (/[\dXx]/.test(ch)) {
      out += seen < head || seen >= total - tail ? ch : '*';
      seen++;
    } else out += ch;
  }
  return out;
}

/** Characters that may not touch a number: more digits, letters, mask marks, a decimal point before digits. */
const NEIGHBOUR = /[0-9A-Za-z*＊×•·]/;
const RUN = /\d+(?:[ -]\d+)*[Xx]?/g;

function bounded(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  if (before && (NEIGHBOUR.test(before) || (before === '.' && /\d/.test(text[start - 2] ?? '')))) return false;
  if (after && (NEIGHBOUR.test(after) || (after === '.' && /\d/.test(text[end + 1] ?? '')))) return false;
  return true;
}

/** One written run: the whole (compact digits) when its groups look like a grouped number, else each group. */
function candidates(written: string, offset: number): { start: number; end: number }[] {
  if (!/[ -]/.test(written)) return [{ start: offset, end: offset + written.length }];
  const groups = written.split(/[ -]/);
  const compact = groups.join('');
  const grouped = groups.length >= 3 && groups.every((g) => g.length >= 3 && g.length <= 6) && compact.length >= 11 && compact.length <= 19;
  if (grouped) return [{ start: offset, end: offset + written.length }];
  const parts: { start: number; end: number }[] = [];
  let at = offset;
  for (const g of groups) {
    parts.push({ start: at, end: at + g.length });
    at += g.length + 1;
  }
  return parts;
}

/** Every unmasked personal number in `text`, in order. */
export function findPersonalNumbers(text: string): PersonalNumber[] {
  const found: PersonalNumber[] = [];
  if (!text) return found;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
    if (m[0].length < 11) continue;
    for (const { start, end } of candidates(m[0], m.index)) {
      const written = text.slice(start, end);
      const kind = classify(written.replace(/[ -]/g, ''));
      if (!kind || !bounded(text, start, end)) continue;
      found.push({ kind, start, end, masked: maskWritten(written, kind) });
    }
  }
  return found;
}

/** The text with every personal number masked (same length, so offsets hold). */
export function maskPersonalNumbers(text: string): string {
  const numbers = findPersonalNumbers(text);
  if (!numbers.length) return text;
  let out = '';
  let at = 0;
  for (const n of numbers) {
    out += text.slice(at, n.start) + n.masked;
    at = n.end;
  }
  return out + text.slice(at);
}

/** Masks personal numbers in every string of a JSON-like value (findings' messages and evidence). */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPersonalNumbers(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskDeep(v)])) as T;
  }
  return value;
}
