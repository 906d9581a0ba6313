import { assembleReport, isMet, ReportInputs, targetFor, unitsInReport } from './report-assemble';
import { problemItems, requirementParagraphs } from './report-docx';
import { statisticsColumns } from './report-xlsx';

const from = new Date('2023-06-30T16:00:00Z');
const to = new Date('2023-09-30T16:00:00Z');

function inputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    quarter: '2023Q3',
    quarterLabel: '2023年第三季度',
    from,
    to,
    asOf: to,
    current: false,
    generatedAt: new Date('2023-10-08T00:00:00Z'),
    inactiveDays: 14,
    units: [
      { id: 1, name: '乙镇', code: 'B', status: 'active', abolishedAt: null, accountsEver: 1 },
      { id: 2, name: '甲镇', code: 'A', status: 'active', abolishedAt: null, accountsEver: 2 },
      { id: 3, name: '无编码', code: null, status: 'active', abolishedAt: null, accountsEver: 0 },
      { id: 4, name: '撤并镇', code: 'C', status: 'abolished', abolishedAt: new Date('2023-08-01T00:00:00Z'), accountsEver: 1 },
      { id: 5, name: '早撤镇', code: 'D', status: 'abolished', abolishedAt: new Date('2023-05-01T00:00:00Z'), accountsEver: 1 },
    ],
    defaultTarget: { posts: 3, reposts: 1 },
    unitTargets: new Map([[2, { posts: 1, reposts: 0 }]]),
    posts: new Map([
      [1, { posts: 3, reposts: 0 }],
      [2, { posts: 1, reposts: 0 }],
    ]),
    accountsOpen: new Map([[2, { wechat: 1, weibo: 1 }]]),
    repost: new Map([[1, { required: 2, done: 1, late: 0, missing: 1, pending: 0 }]]),
    repostTasks: 2,
    brokenColumns: new Map([[2, 1]]),
    lastPostAt: new Map(),
    inactiveAccounts: [],
    recertifyOverdue: [],
    findings: [{ kind: 'multiple_accounts_on_platform', label: '一平台开设多个账号', unitId: 2, count: 1 }],
    bulletin: { issuer: '区政府办公室', requirements: '# 注释\n一要{季度}。\n\n二要坚持。' },
    ...overrides,
  };
}

describe('quarterly report assembly', () => {
  it('lists active units and units abolished during the period with accounts, ordered by code then name', () => {
    const report = assembleReport(inputs());
    expect(report.units.map((u) => u.unitName)).toEqual(['甲镇', '乙镇', '撤并镇', '无编码']);
    expect(report.units.find((u) => u.unitName === '撤并镇')?.unitStatus).toBe('abolished');
    expect(unitsInReport([{ id: 9, name: 'x', code: null, status: 'abolished', abolishedAt: new Date('2023-08-01T00:00:00Z'), accountsEver: 0 }], from, to)).toEqual([]);
  });

  it('applies the unit target, else the default, else "posted at least once"', () => {
    const report = assembleReport(inputs());
    expect(report.goodUnits).toEqual(['甲镇']);
    expect(report.unmetUnits).toEqual(['乙镇', '撤并镇', '无编码']);
    expect(report.zeroPostUnits).toEqual(['撤并镇', '无编码']);
    expect(report.repostNonCompliantUnits).toEqual(['乙镇']);
    expect(report.brokenLinkUnits).toEqual(['甲镇']);
    expect(report.totals).toMatchObject({ posts: 4, reposts: 0, accountsOpen: 2, openFindings: 1 });
    expect(targetFor(7, new Map(), null)).toEqual({ target: { posts: 0, reposts: 0 }, source: 'none' });
    expect(isMet(0, 0, { posts: 0, reposts: 0 }, 'none')).toBe(false);
    expect(isMet(1, 0, { posts: 0, reposts: 0 }, 'none')).toBe(true);
    expect(isMet(0, 0, { posts: 0, reposts: 0 }, 'default')).toBe(true);
  });

  it('words the problems 一是/二是 only for what occurred, and reads the requirements template', () => {
    const report = assembleReport(inputs());
    const items = problemItems(report);
    expect(items[0]).toContain('乙镇没有完成国办公开办转发任务');
    expect(items[1]).toContain('甲镇栏目链接无法正常访问');
    expect(items[2]).toContain('撤并镇、无编码政务新媒体信息发布为0；乙镇没有完成发布任务');
    expect(items[3]).toContain('一平台开设多个账号问题1条（涉及甲镇）');
    expect(requirementParagraphs(report.bulletin.requirements, report)).toEqual(['一要2023年第三季度。', '二要坚持。']);
    const clean = assembleReport(inputs({ repost: new Map(), brokenColumns: new Map(), findings: [], units: [], posts: new Map() }));
    expect(problemItems(clean)).toEqual([]);
  });

  it('counts accounts on v1’s platforms always and on the others once used, with a column each', () => {
    const V1 = ['wechat', 'weibo', 'toutiao', 'douyin', 'kuaishou', 'bilibili', 'other'];
    expect(Object.keys(assembleReport(inputs()).totals.accountsByPlatform)).toEqual(V1);
    const report = assembleReport(inputs({ accountsOpen: new Map([[2, { wechat: 1, xiaohongshu: 2, wechat_channels: 0 }]]) }));
    expect(report.totals.accountsByPlatform).toEqual({ wechat: 1, weibo: 0, toutiao: 0, douyin: 0, xiaohongshu: 2, kuaishou: 0, bilibili: 0, other: 0 });
    expect(report.units.find((u) => u.unitName === '甲镇')).toMatchObject({ accountsOpen: 3, accountsByPlatform: { xiaohongshu: 2 } });
    const headers = statisticsColumns(report, (iso) => iso)
      .filter((c) => c.key.startsWith('p_'))
      .map((c) => c.header);
    expect(headers).toEqual(['微信公众号', '微博', '今日头条', '抖音', '小红书', '快手', '哔哩哔哩', '其他']);
  });
});
