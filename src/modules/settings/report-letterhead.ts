/**
 * The bulletin's letterhead (发文机关, 文号, 成文日期) as settings (api.md v1.1, "Reports: period
 * semantics and letterhead"). Pure.
 */
export type SignedAt = 'period_end' | 'today' | string;

export interface ReportSettings {
  issuer: string;
  /** May hold `{year}` and `{quarter}` (the digit 1–4); null: no 文号. */
  documentNumber: string | null;
  signedAt: SignedAt;
}

export const SIGNED_AT_PATTERN = /^(period_end|today|\d{4}-\d{2}-\d{2})$/;

/** True for `period_end`, `today` or a real calendar day written YYYY-MM-DD. */
export function isSignedAt(value: unknown): value is SignedAt {
  if (typeof value !== 'string' || !SIGNED_AT_PATTERN.test(value)) return false;
  if (value === 'period_end' || value === 'today') return true;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

/** `凤政办发〔{year}〕{quarter}号` for 2023Q3 → `凤政办发〔2023〕3号`. */
export function renderDocumentNumber(template: string | null, quarter: string): string | null {
  if (!template) return null;
  return template.replace(/\{year\}/g, quarter.slice(0, 4)).replace(/\{quarter\}/g, quarter.slice(5));
}

/**
 * The bulletin's date as YYYY-MM-DD: the quarter's last day, today, or the configured day.
 * `lastDay` and `today` are already local (the office's time zone) days.
 */
export function signedDay(signedAt: SignedAt, lastDay: string, today: string): string {
  if (signedAt === 'today') return today;
  if (signedAt === 'period_end') return lastDay;
  return signedAt;
}
