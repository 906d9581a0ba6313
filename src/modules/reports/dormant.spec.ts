import { dormantAccounts, OpenedAccountFacts } from './dormant';

const now = new Date('2023-10-01T00:00:00Z');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const account = (id: number, unitId: number, platform: string, openedAt: string, postedAt: string | null): OpenedAccountFacts => ({
  id,
  unitId,
  unitName: `单位${unitId}`,
  name: `账号${id}`,
  platform,
  openedAt: day(openedAt),
  latestPost: postedAt ? { title: '最近一条', url: null, publishedAt: day(postedAt) } : null,
});
const names = (code: string) => ({ weibo: '微博', wechat: '微信公众号', douyin: '抖音' })[code] ?? code;

describe('dormant accounts (僵尸号)', () => {
  it('lists accounts idle for the given days, counting one that never posted from its opening', () => {
    const list = dormantAccounts(
      [
        account(1, 1, 'weibo', '2022-01-01', '2023-06-01'),
        account(2, 1, 'wechat', '2022-01-01', '2023-09-20'),
        account(3, 2, 'douyin', '2023-05-01', null),
        account(4, 3, 'douyin', '2023-09-01', null),
      ],
      now,
      90,
      names,
    );
    expect(list.map((a) => [a.id, a.idleDays])).toEqual([
      [3, 153],
      [1, 122],
    ]);
  });

  it('suggests 整合 when the unit has another opened account on any platform, else 关停', () => {
    const list = dormantAccounts(
      [account(1, 1, 'weibo', '2022-01-01', '2023-01-01'), account(2, 1, 'wechat', '2022-01-01', '2023-09-30'), account(3, 2, 'douyin', '2022-01-01', null)],
      now,
      90,
      names,
    );
    const byId = new Map(list.map((a) => [a.id, a]));
    expect(byId.get(1)).toMatchObject({ suggestion: '整合', suggestionReason: expect.stringContaining('微信公众号“账号2”') });
    expect(byId.get(3)).toMatchObject({ suggestion: '关停', suggestionReason: expect.stringContaining('没有其他已开设账号') });
    expect(byId.has(2)).toBe(false);
  });

  it('counts exactly `days`: an account idle for 90 days is dormant, 89 is not', () => {
    expect(dormantAccounts([account(1, 1, 'weibo', '2022-01-01', '2023-07-03')], now, 90, names)).toHaveLength(1);
    expect(dormantAccounts([account(1, 1, 'weibo', '2022-01-01', '2023-07-04')], now, 90, names)).toHaveLength(0);
  });
});
