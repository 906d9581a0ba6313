import { countsInQuarter, evidenceTimes, quarterFindings } from './report-findings';

const from = new Date('2023-06-30T16:00:00.000Z');
const asOf = new Date('2023-09-30T16:00:00.000Z');
const late = new Date('2026-12-01T00:00:00.000Z');

describe('findings of a quarter', () => {
  it('reads the instants of the evidence: posts first, else the opening', () => {
    expect(evidenceTimes({ post: { publishedAt: '2023-08-01T00:00:00.000Z' } })).toEqual([new Date('2023-08-01T00:00:00.000Z')]);
    expect(evidenceTimes({ openedAt: '2023-08-02T00:00:00.000Z', earliestPost: null })).toEqual([new Date('2023-08-02T00:00:00.000Z')]);
    expect(evidenceTimes({ account: { id: 1 } })).toEqual([]);
  });

  it('counts a violation whose evidence lies in the quarter although it was detected years later', () => {
    const f = { kind: 'error_word', unitId: 1, evidence: { post: { publishedAt: '2023-08-01T00:00:00.000Z' } }, detectedAt: late, resolvedAt: null };
    expect(countsInQuarter(f, from, asOf)).toBe(true);
    expect(countsInQuarter({ ...f, evidence: { post: { publishedAt: '2023-10-02T00:00:00.000Z' } } }, from, asOf)).toBe(false);
  });

  it('counts an undated finding or a state (inactive) when it was open at the instant', () => {
    const state = { kind: 'multiple_accounts_on_platform', unitId: 1, evidence: {}, detectedAt: new Date('2023-09-01T00:00:00.000Z'), resolvedAt: null };
    expect(countsInQuarter(state, from, asOf)).toBe(true);
    expect(countsInQuarter({ ...state, detectedAt: late }, from, asOf)).toBe(false);
    expect(countsInQuarter({ ...state, resolvedAt: new Date('2023-09-10T00:00:00.000Z') }, from, asOf)).toBe(false);
    const inactive = { kind: 'inactive', unitId: 1, evidence: { latestPost: { publishedAt: '2023-08-01T00:00:00.000Z' } }, detectedAt: late, resolvedAt: null };
    expect(countsInQuarter(inactive, from, asOf)).toBe(false);
  });

  it('groups per kind and unit', () => {
    const post = { post: { publishedAt: '2023-08-01T00:00:00.000Z' } };
    const rows = [
      { kind: 'error_word', unitId: 2, evidence: post, detectedAt: late, resolvedAt: null },
      { kind: 'error_word', unitId: 2, evidence: post, detectedAt: late, resolvedAt: late },
      { kind: 'error_word', unitId: 1, evidence: post, detectedAt: late, resolvedAt: null },
    ];
    expect(quarterFindings(rows, from, asOf, () => '错敏词')).toEqual([
      { kind: 'error_word', label: '错敏词', unitId: 1, count: 1 },
      { kind: 'error_word', label: '错敏词', unitId: 2, count: 2 },
    ]);
  });
});
