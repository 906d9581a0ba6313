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
