import ExcelJS from 'exceljs';
import { ledgerAccounts, POLLING_ENV } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { Fixture, seedFixture } from './support/fixtures';

describe.each(databasesUnderTest())('posts: import and quarterly stats (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind, POLLING_ENV);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const importCsv = (id: number, csv: string, token = t.adminToken) =>
    t.http.post(`/api/accounts/${id}/posts/import`).set(bearer(token)).attach('file', Buffer.from(csv), 'posts.csv');

  it('imports all rows or none, and skips duplicates on re-import', async () => {
    const [id] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
    const bad = [
      '标题,链接,发布时间,类型,来源链接',
      '好的一行,https://a.example/1,2023-09-01 10:00,发布,',
      '坏的一行,not-a-url,2023-09-02 10:00,发布,',
      '时间坏了,https://a.example/3,明天,转发,',
    ].join('\n');
    const refused = await importCsv(id, bad);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    expect(refused.body.message).toContain('未导入任何数据');
    expect((await t.http.get(`/api/posts?accountId=${id}`).set(bearer(t.adminToken))).body.total).toBe(0);

    const good = [
      '标题,链接,发布时间,类型,来源链接,来源',
      '秋季防火,https://a.example/1,2023-09-30 23:59:59,发布,,',
      '转载国办通知,https://a.example/2,2023-10-01 00:00:00,转发,https://www.gov.cn/z/1.htm,中国政府网',
    ].join('\r\n');
    expect((await importCsv(id, good)).body).toEqual({ imported: 2, skipped: 0 });
    expect((await importCsv(id, good)).body).toEqual({ imported: 0, skipped: 2 });
    const list = (await t.http.get(`/api/posts?accountId=${id}`).set(bearer(t.adminToken))).body;
    expect(list.total).toBe(2);
    expect(list.items[0]).toMatchObject({ title: '转载国办通知', isRepost: true, sourceUrl: 'https://www.gov.cn/z/1.htm', publishedAt: '2023-09-30T16:00:00.000Z' });
    expect(list.items[1]).toMatchObject({ title: '秋季防火', isRepost: false, publishedAt: '2023-09-30T15:59:59.000Z' });

    // XLSX with real date cells, read in APP_TIMEZONE.
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('发布');
    sheet.addRow(['标题', '发布时间', '类型']);
    sheet.addRow(['表格导入', new Date(Date.UTC(2023, 6, 1, 9, 0, 0)), '发布']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await t.http.post(`/api/accounts/${id}/posts/import`).set(bearer(t.adminToken)).attach('file', xlsx, 'posts.xlsx');
    expect(res.body).toEqual({ imported: 1, skipped: 0 });
    const fromXlsx = (await t.http.get(`/api/posts?accountId=${id}&from=2023-07-01T00:00:00%2B08:00&to=2023-07-02T00:00:00%2B08:00`).set(bearer(t.adminToken))).body;
    expect(fromXlsx.items[0]).toMatchObject({ title: '表格导入', publishedAt: '2023-07-01T01:00:00.000Z' });

    expect((await t.http.post(`/api/accounts/${id}/posts/import`).set(bearer(t.adminToken))).status).toBe(400);
    expect((await importCsv(id, '名称,其他\nx,y')).status).toBe(400);
    expect((await importCsv(id, good, f.operatorBToken)).status).toBe(403);
    expect((await importCsv(id, good, f.viewerToken)).status).toBe(403);
    expect((await importCsv(99999999, good)).status).toBe(404);
  });

  it('counts posts and reposts per quarter in APP_TIMEZONE, grouped by unit, account or platform', async () => {
    const [a1] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    const [b1] = await ledgerAccounts(t, f.unitB.name, '抖音', 1);
    const csv = (rows: string[]) => ['标题,发布时间,类型', ...rows].join('\n');
    await importCsv(
      a1,
      csv(['Q3 最后一秒,2023-09-30T23:59:59+08:00,发布', 'Q4 第一刻,2023-10-01T00:00:00+08:00,发布', 'Q3 转发,2023-08-01 12:00,转发', 'Q3 原创,2023-07-01 00:00,发布']),
    );
    await importCsv(b1, csv(['乙 Q3,2023-09-15 12:00,转发']));
    const q3 = await t.http.get('/api/stats/posts?quarter=2023Q3&groupBy=account').set(bearer(f.viewerToken));
    expect(q3.status).toBe(200);
    const item = (id: number) => q3.body.items.find((i: { id: number }) => i.id === id);
    expect(item(a1)).toMatchObject({ posts: 2, reposts: 1, name: expect.any(String) });
    expect(item(b1)).toMatchObject({ posts: 0, reposts: 1 });
    expect(q3.body.quarter).toBe('2023Q3');
    const q4 = await t.http.get('/api/stats/posts?quarter=2023Q4&groupBy=account').set(bearer(t.adminToken));
    expect(q4.body.items.find((i: { id: number }) => i.id === a1)).toMatchObject({ posts: 1, reposts: 0 });

    const byUnit = await t.http.get('/api/stats/posts?quarter=2023Q3&groupBy=unit').set(bearer(t.adminToken));
    const unitA = byUnit.body.items.find((i: { id: number }) => i.id === f.unitA.id);
    expect(unitA).toMatchObject({ name: f.unitA.name });
    expect(byUnit.body.totals.posts + byUnit.body.totals.reposts).toBe(byUnit.body.items.reduce((s: number, i: { posts: number; reposts: number }) => s + i.posts + i.reposts, 0));
    const byPlatform = await t.http.get('/api/stats/posts?quarter=2023Q3&groupBy=platform').set(bearer(t.adminToken));
    expect(byPlatform.body.items.find((i: { id: string }) => i.id === 'douyin')).toMatchObject({ name: '抖音', posts: 0, reposts: 1 });

    const scoped = await t.http.get('/api/stats/posts?quarter=2023Q3&groupBy=unit').set(bearer(f.operatorBToken));
    expect(scoped.body.items).toEqual([{ id: f.unitB.id, name: f.unitB.name, posts: 0, reposts: 1 }]);
    expect(scoped.body.totals).toEqual({ posts: 0, reposts: 1 });
    expect((await t.http.get(`/api/stats/posts?quarter=2023Q3&unitId=${f.unitA.id}`).set(bearer(f.operatorBToken))).status).toBe(403);
    for (const bad of ['2023Q5', '2023-3', 'Q3', '']) {
      const res = await t.http.get(`/api/stats/posts?quarter=${bad}`).set(bearer(t.adminToken));
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('YYYYQn');
    }
    expect((await t.http.get('/api/stats/posts?quarter=2023Q3&groupBy=town').set(bearer(t.adminToken))).status).toBe(400);
    expect((await t.http.get('/api/posts?isRepost=maybe').set(bearer(t.adminToken))).status).toBe(400);
    expect((await t.http.get('/api/posts?from=yesterday').set(bearer(t.adminToken))).status).toBe(400);
    const operatorPosts = await t.http.get('/api/posts?pageSize=200').set(bearer(f.operatorBToken));
    expect(operatorPosts.body.items.every((p: { accountId: number }) => p.accountId === b1)).toBe(true);
  });
});
