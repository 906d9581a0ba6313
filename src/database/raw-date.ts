/** A datetime as the driver returns it in raw rows: a Date (MySQL) or 'YYYY-MM-DD HH:MM:SS.sss' in UTC (SQLite). */
export function rawDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) return new Date(`${text.replace(' ', 'T')}Z`);
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
