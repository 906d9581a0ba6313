import { rectificationParagraph, rectificationsOfUnit } from './report-rectifications';

describe('report rectifications', () => {
  const r = {
    issued: 4,
    closed: 2,
    overdue: [{ id: 3, unitName: '甲镇', title: '问题', dueAt: '2023-09-15T15:59:59.999Z' }],
    byUnit: [
      { unitId: 1, unitName: '甲镇', issued: 3, closed: 1, overdue: 1 },
      { unitId: 2, unitName: '乙镇', issued: 1, closed: 1, overdue: 0 },
    ],
  };

  it('writes the 整改情况 paragraph: issued, closed, overdue by unit', () => {
    const text = rectificationParagraph(r)!;
    expect(text).toContain('下发整改通知4条，已办结2条，办结率50%');
    expect(text).toContain('逾期未办结1条，涉及甲镇1条');
    expect(text).toContain('甲镇下发3条、办结1条；乙镇下发1条、办结1条');
    expect(rectificationParagraph({ issued: 0, closed: 0, overdue: [], byUnit: [] })).toBeNull();
    expect(rectificationParagraph(undefined)).toBeNull();
  });

  it("narrows to an operator's unit", () => {
    expect(rectificationsOfUnit(r, 2, '乙镇')).toEqual({ issued: 1, closed: 1, overdue: [], byUnit: [r.byUnit[1]] });
  });
});
