import { parseDeadline } from './rectification-deadline';

describe('parseDeadline', () => {
  const tz = 'Asia/Shanghai';
  it('reads a date alone as the end of that day in Asia/Shanghai', () => {
    expect(parseDeadline('2023-10-15', tz)?.toISOString()).toBe('2023-10-15T15:59:59.999Z');
    expect(parseDeadline('2023年10月15日', tz)?.toISOString()).toBe('2023-10-15T15:59:59.999Z');
  });
  it('reads times with and without a zone', () => {
    expect(parseDeadline('2023-10-15T18:00:00+08:00', tz)?.toISOString()).toBe('2023-10-15T10:00:00.000Z');
    expect(parseDeadline('2023-10-15 18:00', tz)?.toISOString()).toBe('2023-10-15T10:00:00.000Z');
  });
  it('refuses what is no date', () => {
    for (const bad of ['', 'tomorrow', '2023-02-30', '2023-13-01', '15/10', 123, null, {}]) expect(parseDeadline(bad, tz)).toBeNull();
  });
});
