import { interpretLedger, LedgerContext, matchHeader, parseLedgerDate, parsePlatform, parseState } from './ledger';

const TZ = 'Asia/Shanghai';
const HEADER = ['单位', '平台', '账号名称', '账号ID', '主页链接', '开设时间', '负责人', '联系电话', '状态'];

function context(extra: Partial<LedgerContext> = {}): LedgerContext {
  return {
    units: [
      { id: 1, name: '范家寨镇', status: 'active' },
      { id: 2, name: '长青镇', status: 'active' },
      { id: 3, name: '旧机构', status: 'abolished' },
    ],
    existing: [],
    onlyUnitId: null,
    timeZone: TZ,
    now: new Date('2026-01-01T00:00:00Z'),
    ...extra,
  };
}

describe('ledger (台账) interpretation', () => {
  it('matches Chinese headers and their common aliases, ignoring spaces and asterisks', () => {
    const { columns, missing } = matchHeader(['*单位名称', '平台类型', ' 账号名称 ', '原始ID', '备注栏']);
    expect([...columns.values()]).toEqual(['unit', 'platform', 'name', 'platformAccountId']);
    expect(missing).toEqual([]);
    expect(matchHeader(['单位', '账号名称']).missing).toEqual(['平台']);
  });

  it('reads platform and state names as offices write them', () => {
    expect(parsePlatform('微信公众号')).toBe('wechat');
    expect(parsePlatform('新浪微博')).toBe('weibo');
    expect(parsePlatform('B站')).toBe('bilibili');
    expect(parsePlatform('douyin')).toBe('douyin');
    expect(parsePlatform('脸书')).toBeNull();
    expect(parseState('正常')).toBe('opened');
    expect(parseState('已注销')).toBe('deregistered');
    expect(parseState('opened')).toBe('opened');
    expect(parseState('暂停')).toBeNull();
  });

  it('reads dates in the office time zone, from text or Excel date cells', () => {
    expect(parseLedgerDate('2021-03-05', TZ)).toEqual(new Date('2021-03-04T16:00:00Z'));
    expect(parseLedgerDate('2021/3/5', TZ)).toEqual(new Date('2021-03-04T16:00:00Z'));
    expect(parseLedgerDate('2021年3月5日', TZ)).toEqual(new Date('2021-03-04T16:00:00Z'));
    expect(parseLedgerDate('2021-03-05 09:30', TZ)).toEqual(new Date('2021-03-05T01:30:00Z'));
    expect(parseLedgerDate(new Date(Date.UTC(2021, 2, 5)), TZ)).toEqual(new Date('2021-03-04T16:00:00Z'));
    expect(parseLedgerDate('2021-02-30', TZ)).toBe('invalid');
    expect(parseLedgerDate('去年', TZ)).toBe('invalid');
    expect(parseLedgerDate(null, TZ)).toBeNull();
  });

  it('turns good rows into records, state defaulting to opened', () => {
    const rows = [
      HEADER,
      ['范家寨镇', '微信公众号', '范家寨发布', 'gh_1', 'https://mp.weixin.qq.com/', '2021-03-05', '张三', '0917', null],
      [],
      ['长青镇', '微博', '长青发布', null, null, null, null, null, '已注销'],
    ];
    const { records, errors } = interpretLedger(rows, context());
    expect(errors).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ row: 2, unitId: 1, platform: 'wechat', name: '范家寨发布', state: 'opened', openedAt: new Date('2021-03-04T16:00:00Z') });
    expect(records[1]).toMatchObject({ row: 4, unitId: 2, platform: 'weibo', state: 'deregistered' });
  });

  it('reports every bad row with its spreadsheet row number', () => {
    const rows = [
      HEADER,
      ['范家寨镇', '微信', '好的', null, null, null, null, null, null],
      ['不存在镇', '微信', '甲', null, null, null, null, null, null],
      ['长青镇', '脸书', '乙', null, null, null, null, null, null],
      ['长青镇', '抖音', null, null, 'ftp://x', '2030-01-01', null, null, '暂停'],
      ['旧机构', '快手', '丙', null, null, null, null, null, null],
    ];
    const { errors } = interpretLedger(rows, context());
    expect(errors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(errors[0].message).toContain('不存在镇');
    expect(errors[1].message).toContain('脸书');
    expect(errors[2].message).toMatch(/账号名称.*主页链接|主页链接.*账号名称/s);
    expect(errors[2].message).toContain('开设时间');
    expect(errors[2].message).toContain('暂停');
    expect(errors[3].message).toContain('已撤并');
  });

  it('applies the one-account-per-platform rule across the file and the register', () => {
    const rows = [HEADER, ['范家寨镇', '微博', '甲', null, null, null, null, null, null], ['范家寨镇', '微博', '乙', null, null, null, null, null, null]];
    expect(interpretLedger(rows, context()).errors).toEqual([{ row: 3, message: expect.stringContaining('已有在用账号“甲”') }]);
    const withReason = [
      [...HEADER, '多账号理由'],
      ['范家寨镇', '微博', '甲', null, null, null, null, null, null, null],
      ['范家寨镇', '微博', '乙', null, null, null, null, null, null, '应急发布专用'],
    ];
    expect(interpretLedger(withReason, context()).errors).toEqual([]);
    const again = interpretLedger(
      [HEADER, ['范家寨镇', '微博', '甲', null, null, null, null, null, null]],
      context({ existing: [{ unitId: 1, platform: 'weibo', name: '甲', state: 'opened' }] }),
    );
    expect(again.errors[0].message).toContain('请勿重复导入');
  });

  it('keeps operators to their own unit', () => {
    const rows = [HEADER, ['长青镇', '微博', '甲', null, null, null, null, null, null]];
    expect(interpretLedger(rows, context({ onlyUnitId: 1 })).errors[0].message).toContain('本单位');
  });

  it('explains a missing header or an empty sheet', () => {
    expect(interpretLedger([], context()).errors[0].message).toContain('表头');
    expect(interpretLedger([['名字', '电话']], context()).errors[0].message).toContain('单位');
    expect(interpretLedger([HEADER], context()).errors[0].message).toContain('没有账号数据');
  });
});
