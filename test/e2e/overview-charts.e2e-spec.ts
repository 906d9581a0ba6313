import { DataSource } from 'typeorm';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { ledgerAccounts, POLLING_ENV } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError } from './support/fixtures';

/**
 * GET /api/reports/overview-charts (总览 charts) against seeded 2023Q3 data: posts per unit against
 * the target that applies, posts per calendar week (Beijing time, the first week Sat–Sun),
 * platform share of open accounts and posts, broken columns week by week from the link-check
 * history; an operator's unit scope; and the live account count per unit of GET /api/overview.
 */
describe.each(databasesUnderTest())('overview charts (%s)', (kind) => {
  let t: TestApp;
  let db: DataSource;
  const u: Record<string, { id: number; name: string }> = {};
  let operator: string;
  const admin = () => bearer(t.adminToken);
  const charts = async (query: string, token = t.adminToken) => {
    const res = await t.http.get(`/api/reports/overview-charts${query}`).set(bearer(token));
    if (res.status !== 200) throw new Error(`overview-charts ${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const importPosts = async (id: number, rows: string[]) => {
    const csv = ['标题,链接,发布时间,类型,来源链接', ...rows].join('\n');
    const res = await t.http.post(`/api/accounts/${id}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    expect(res.status).toBe(200);
    await t.app.get<JobQueue>(JOB_QUEUE).drain();
  };
  const unit = async (name: string, code: string) => {
    const res = await t.http.post('/api/units').set(admin()).send({ name, kind: 'town', code });
    expect(res.status).toBe(201);
    return res.body as { id: number; name: string };
  };
  const sqlTime = (at: string) => (kind === 'mysql' ? new Date(at) : new Date(at).toISOString().replace('T', ' ').replace('Z', ''));
  const q = (name: string) => (kind === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const checkRow = (columnId: number, health: string, at: string) =>
    db.query(
      `INSERT INTO ${q('link_checks')} (${['column_id', 'health', 'reason', 'redirects', 'requests', 'duration_ms', 'confirmation', 'checked_at'].map(q).join(', ')}) VALUES (?, ?, ?, 0, 1, 10, 0, ?)`,
      [columnId, health, health === 'ok' ? 'ok' : 'http_status', sqlTime(at)],
    );

  beforeAll(async () => {
    t = await startApp(kind, POLLING_ENV);
    db = t.app.get(DataSource);
    u.jia = await unit('甲镇', 'G1');
    u.yi = await unit('乙镇', 'G2');
    u.bing = await unit('丙局', 'G3'); // no account at all
    const [jiaWechat] = await ledgerAccounts(t, u.jia.name, '微信公众号', 1); // opened 2021-03-05
    const [jiaWeibo] = await ledgerAccounts(t, u.jia.name, '微博', 1);
    const [yiWechat] = await ledgerAccounts(t, u.yi.name, '微信公众号', 1);
    await ledgerAccounts(t, u.yi.name, '抖音', 1, '已注销'); // deregistered 2022: neither open nor live
    await importPosts(jiaWechat, [
      '上季度最后一刻,https://example.gov.cn/g/0,2023-06-30T23:59:59+08:00,发布,',
      '季度第一刻(周六),https://example.gov.cn/g/1,2023-07-01T00:00:00+08:00,发布,',
      '首周周日深夜,https://example.gov.cn/g/2,2023-07-02T23:30:00+08:00,发布,',
      '第二周周一零点,https://example.gov.cn/g/3,2023-07-03T00:00:00+08:00,发布,',
      '八月转发,https://example.gov.cn/g/4,2023-08-10T15:00:00+08:00,转发,https://www.gov.cn/a.htm',
      '下季度第一刻,https://example.gov.cn/g/5,2023-10-01T00:00:00+08:00,发布,',
    ]);
    await importPosts(jiaWeibo, ['微博九月底,https://example.gov.cn/g/6,2023-09-28T10:00:00+08:00,发布,']);
    await importPosts(yiWechat, ['乙镇九月底,https://example.gov.cn/g/7,2023-09-28T09:00:00+08:00,发布,']);

    await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q3', posts: 3, reposts: 0 }).expect(200);
    await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q3', unitId: u.jia.id, posts: 2, reposts: 1 }).expect(200);

    // 甲镇's column broke in the week of 07-03 and worked again on Sunday 08-20; 乙镇's broke on 09-26.
    const c1 = await t.http.post(`/api/accounts/${jiaWechat}/columns`).set(admin()).send({ name: '政务公开', url: 'https://example.gov.cn/zwgk/' });
    const c2 = await t.http.post(`/api/accounts/${yiWechat}/columns`).set(admin()).send({ name: '办事服务', url: 'https://example.gov.cn/bsfw/' });
    expect([c1.status, c2.status]).toEqual([201, 201]);
    await checkRow(c1.body.id, 'ok', '2023-06-20T10:00:00+08:00');
    await checkRow(c1.body.id, 'broken', '2023-07-05T10:00:00+08:00');
    await checkRow(c1.body.id, 'ok', '2023-08-20T10:00:00+08:00');
    await checkRow(c2.body.id, 'broken', '2023-09-26T10:00:00+08:00');

    const user = await t.http.post('/api/users').set(admin()).send({ username: 'operator_charts', password: 'Password#1', role: 'operator', unitId: u.yi.id });
    expect(user.status).toBe(201);
    operator = await t.login('operator_charts', 'Password#1');
  });
  afterAll(() => t?.close());

  it('2023Q3: posts per unit against the target that applies, in unit-code order', async () => {
    const body = await charts('?quarter=2023Q3');
    expect(body).toMatchObject({ quarter: '2023Q3', from: '2023-06-30T16:00:00.000Z', to: '2023-09-30T16:00:00.000Z', asOf: '2023-09-30T16:00:00.000Z' });
    expect(body.units).toEqual([
      { unitId: u.jia.id, unitName: '甲镇', posts: 4, reposts: 1, targetPosts: 2, targetReposts: 1 },
      { unitId: u.yi.id, unitName: '乙镇', posts: 1, reposts: 0, targetPosts: 3, targetReposts: 0 },
      { unitId: u.bing.id, unitName: '丙局', posts: 0, reposts: 0, targetPosts: 3, targetReposts: 0 },
    ]);
    // The same units and figures as the quarterly report.
    const report = (await t.http.get('/api/reports/quarterly?quarter=2023Q3').set(admin())).body;
    expect(report.units.map((r: any) => [r.unitName, r.posts, r.targetPosts])).toEqual(body.units.map((r: any) => [r.unitName, r.posts, r.targetPosts]));
  });

  it('2023Q3: posts and broken columns per calendar week', async () => {
    const { weeks } = await charts('?quarter=2023Q3');
    expect(weeks).toHaveLength(14);
    expect(weeks[0]).toEqual({ start: '2023-06-30T16:00:00.000Z', end: '2023-07-02T16:00:00.000Z', posts: 2, reposts: 0, brokenColumns: 0 });
    expect(weeks[1]).toMatchObject({ start: '2023-07-02T16:00:00.000Z', end: '2023-07-09T16:00:00.000Z', posts: 1, brokenColumns: 1 });
    expect(weeks[13]).toMatchObject({ start: '2023-09-24T16:00:00.000Z', end: '2023-09-30T16:00:00.000Z', posts: 2, brokenColumns: 1 });
    expect(weeks.map((w: any) => w.posts)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(weeks.map((w: any) => w.reposts)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    // Broken from the week of 07-03 until it worked again in the week of 08-14; 乙镇's from 09-26.
    expect(weeks.map((w: any) => w.brokenColumns)).toEqual([0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1]);
    // The weekly posts add up to the quarter's.
    const sum = weeks.reduce((n: number, w: any) => n + w.posts, 0);
    expect(sum).toBe(5);
  });

  it('2023Q3: platform share of open accounts and posts (the deregistered account is not counted)', async () => {
    const { platforms } = await charts('?quarter=2023Q3');
    expect(platforms).toEqual([
      { platform: 'wechat', openAccounts: 2, posts: 4 },
      { platform: 'weibo', openAccounts: 1, posts: 1 },
    ]);
  });

  it('an operator sees their own unit only', async () => {
    const body = await charts('?quarter=2023Q3', operator);
    expect(body.units).toEqual([{ unitId: u.yi.id, unitName: '乙镇', posts: 1, reposts: 0, targetPosts: 3, targetReposts: 0 }]);
    expect(body.weeks.map((w: any) => w.posts)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(body.weeks.map((w: any) => w.brokenColumns)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(body.platforms).toEqual([{ platform: 'wechat', openAccounts: 1, posts: 1 }]);
  });

  it('a quarter without targets or data: null targets, zero weeks, no platforms with nothing', async () => {
    const q2 = await charts('?quarter=2023Q2');
    expect(q2.units.map((r: any) => [r.unitName, r.posts, r.targetPosts])).toEqual([
      ['甲镇', 1, null],
      ['乙镇', 0, null],
      ['丙局', 0, null],
    ]);
    const early = await charts('?quarter=2020Q1'); // before any account opened
    expect(early.platforms).toEqual([]);
    expect(early.weeks.every((w: any) => w.posts === 0 && w.brokenColumns === 0)).toBe(true);
  });

  it('the current quarter by default, with only the weeks begun so far', async () => {
    const body = await charts('');
    const now = Date.now();
    expect(new Date(body.asOf).getTime()).toBeLessThanOrEqual(now);
    expect(body.weeks.length).toBeGreaterThan(0);
    expect(body.weeks.every((w: any) => new Date(w.start).getTime() <= now)).toBe(true);
  });

  it('bad quarters: 400 with a Chinese message naming the field', async () => {
    for (const quarter of ['2023Q5', 'abc', '2999Q1']) {
      const res = await t.http.get(`/api/reports/overview-charts?quarter=${quarter}`).set(admin());
      expectError(res, 400);
      expect(res.body.message).toMatch(/季度/);
    }
  });

  it('GET /api/overview counts the live accounts per unit (the units list shows them)', async () => {
    const body = (await t.http.get('/api/overview').set(admin()).expect(200)).body;
    const byUnit = new Map(body.liveAccountsByUnit.map((r: { unitId: number; count: number }) => [r.unitId, r.count]));
    expect(byUnit.get(u.jia.id)).toBe(2);
    expect(byUnit.get(u.yi.id)).toBe(1); // the deregistered 抖音 account is not counted
    expect(byUnit.has(u.bing.id)).toBe(false);
    const own = (await t.http.get('/api/overview').set(bearer(operator)).expect(200)).body;
    expect(own.liveAccountsByUnit).toEqual([{ unitId: u.yi.id, count: 1 }]);
  });
});
