import { APPLICATIONS_ONLY, interpretLedger, LedgerContext } from './ledger';

const HEADER = ['单位', '平台', '账号名称', '开设时间', '状态'];

function context(extra: Partial<LedgerContext> = {}): LedgerContext {
  return {
    units: [{ id: 1, name: '范家寨镇', status: 'active' }],
    existing: [],
    onlyUnitId: 1,
    timeZone: 'Asia/Shanghai',
    now: new Date('2026-01-01T00:00:00Z'),
    ...extra,
  };
}

describe('ledger (台账) import by an operator: applications only', () => {
  const rows = [
    HEADER,
    ['范家寨镇', '抖音', '甲', null, null],
    ['范家寨镇', '快手', '乙', '2021-03-05', '已开设'],
    ['范家寨镇', '微博', '丙', null, '已申请'],
    ['范家寨镇', '头条', '丁', null, '待审批'],
    ['范家寨镇', '其他', '戊', null, '已批准'],
    ['范家寨镇', '哔哩哔哩', '己', null, '注销申请中'],
  ];

  it('reads a blank 状态 as 已申请 and refuses every other state, naming the row', () => {
    const { records, errors } = interpretLedger(rows, context({ applicationsOnly: true }));
    expect(errors.map((e) => e.row)).toEqual([3, 6, 7]);
    for (const error of errors) expect(error.message).toContain(APPLICATIONS_ONLY);
    expect(errors[0].message).toContain('已开设');
    expect(records.map((r) => [r.row, r.state])).toEqual([
      [2, 'applied'],
      [4, 'applied'],
      [5, 'applied'],
    ]);
    // The back-fill of admins stays as it was: a blank 状态 is 已开设, any state is taken.
    const admin = interpretLedger(rows, context({ onlyUnitId: null }));
    expect(admin.errors).toEqual([]);
    expect(admin.records.map((r) => r.state)).toEqual(['opened', 'opened', 'applied', 'applied', 'approved', 'deregistration_requested']);
  });
});
