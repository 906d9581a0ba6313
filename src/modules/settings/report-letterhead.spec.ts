import { isSignedAt, renderDocumentNumber, signedDay } from './report-letterhead';

describe('report letterhead', () => {
  it('renders {year} and {quarter} in the 文号', () => {
    expect(renderDocumentNumber('凤政办发〔{year}〕{quarter}号', '2023Q3')).toBe('凤政办发〔2023〕3号');
    expect(renderDocumentNumber(null, '2023Q3')).toBeNull();
    expect(renderDocumentNumber('', '2023Q3')).toBeNull();
  });

  it('accepts period_end, today and real days only', () => {
    expect(isSignedAt('period_end')).toBe(true);
    expect(isSignedAt('today')).toBe(true);
    expect(isSignedAt('2023-10-11')).toBe(true);
    expect(isSignedAt('2023-02-30')).toBe(false);
    expect(isSignedAt('2023/10/11')).toBe(false);
    expect(isSignedAt(3)).toBe(false);
  });

  it('chooses the day to sign', () => {
    expect(signedDay('period_end', '2023-09-30', '2026-12-01')).toBe('2023-09-30');
    expect(signedDay('today', '2023-09-30', '2026-12-01')).toBe('2026-12-01');
    expect(signedDay('2023-10-11', '2023-09-30', '2026-12-01')).toBe('2023-10-11');
  });
});
