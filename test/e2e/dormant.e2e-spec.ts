import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

/** 僵尸号 (api.md v1.1): GET /api/reports/dormant?days= and its XLSX export. */
describe.each(databasesUnderTest())('dormant accounts (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  const ids: Record<string, number> = {};
  const admin = () => bearer(f.adminToken);
  const act = async (token: string, id: number, body: Record<string, unknown>) => {
    const res = await t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);
    if (res.status !== 200) throw new Error(`transition ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const opened = async (unitId: number, operator: string, platform: string, name: string, at: string, homepageUrl: string) => {
    const account = await createAccount(t, operator, { unitId, platform, name, homepageUrl, platformAccountId: homepageUrl.replace(/.*[/=]/, '') });
    await act(f.reviewerToken, account.id, { action: 'approve' });
    await act(operator, account.id, { action: 'open', at });
    return account.id as number;
  };
  const post = async (accountId: number, title: string, at: Date) => {
    const stamp = at.toISOString().replace('T', ' ').slice(0, 16);
    const csv = ['标题,链接,发布时间,类型', `${title},https://example.gov.cn/p/${uniqueTag()},${stamp},发布`].join('\n');
    const res = await t.http.post(`/api/accounts/${accountId}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    if (res.status !== 200) throw new Error(`posts: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
    // 甲镇: a 微博 idle for 200 days beside a lively 公众号 (→ 整合); 乙镇: a 小红书 that never posted, alone (→ 关停).
    ids.idleWeibo = await opened(f.unitA.id, f.operatorAToken, 'weibo', '甲镇微博', daysAgo(400).toISOString(), 'https://weibo.com/u/5100000001');
    ids.liveWechat = await opened(
      f.unitA.id,
      f.operatorAToken,
      'wechat',
      '甲镇公众号',
      daysAgo(400).toISOString(),
      'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzJpYXpoZW4x',
    );
    ids.silentXhs = await opened(
      f.unitB.id,
      f.operatorBToken,
      'xiaohongshu',
      '乙镇小红书',
      daysAgo(120).toISOString(),
      'https://www.xiaohongshu.com/user/profile/64b0c1d2e3f4a5b6c7d8e9f0',
    );
    await post(ids.idleWeibo, '甲镇春耕动员', daysAgo(200));
    await post(ids.liveWechat, '甲镇今日要闻', daysAgo(3));
  });
  afterAll(() => t.close());

  it('lists opened accounts with no post in `days`, with the latest post and the suggestion', async () => {
    const res = await t.http.get('/api/reports/dormant').query({ days: 90 }).set(admin());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ days: 90, total: 2, asOf: expect.any(String) });
    const byId = new Map(res.body.accounts.map((a: { accountId: number }) => [a.accountId, a]));
    expect(byId.get(ids.idleWeibo)).toMatchObject({
      name: '甲镇微博',
      platformName: '微博',
      latestPost: { title: '甲镇春耕动员', publishedAt: expect.any(String) },
      suggestion: '整合',
      suggestionReason: expect.stringContaining('微信公众号“甲镇公众号”'),
    });
    expect((byId.get(ids.idleWeibo) as { idleDays: number }).idleDays).toBeGreaterThanOrEqual(199);
    expect(byId.get(ids.silentXhs)).toMatchObject({ latestPost: null, suggestion: '关停', platformName: '小红书' });
    expect(byId.has(ids.liveWechat)).toBe(false);
    const longer = await t.http.get('/api/reports/dormant').query({ days: 150 }).set(admin());
    expect(longer.body.accounts.map((a: { accountId: number }) => a.accountId)).toEqual([ids.idleWeibo]);
  });

  it('shows operators their own unit only; viewers and reviewers see all', async () => {
    const a = await t.http.get('/api/reports/dormant').set(bearer(f.operatorAToken));
    expect(a.body.accounts.map((x: { accountId: number }) => x.accountId)).toEqual([ids.idleWeibo]);
    const b = await t.http.get('/api/reports/dormant').set(bearer(f.operatorBToken));
    expect(b.body.accounts.map((x: { accountId: number }) => x.accountId)).toEqual([ids.silentXhs]);
    for (const token of [f.viewerToken, f.reviewerToken]) expect((await t.http.get('/api/reports/dormant').set(bearer(token))).body.total).toBe(2);
  });

  it('exports the list as XLSX', async () => {
    const res = await t.http
      .get('/api/reports/dormant/export')
      .query({ days: 90 })
      .set(admin())
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('僵尸号清单'));
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(String(sheet.getCell(1, 1).value)).toContain('僵尸号清单');
    expect(sheet.pageSetup.paperSize).toBe(9);
    const values = sheet.getSheetValues().flat().map(String).join('|');
    expect(values).toContain('甲镇微博');
    expect(values).toContain('整合');
    expect(values).toContain('关停');
  });

  it('refuses days that are not a positive integer with 400', async () => {
    for (const days of ['0', '-5', 'abc', '1.5', '99999']) {
      const res = await t.http.get('/api/reports/dormant').query({ days }).set(admin());
      expectError(res, 400);
      expect(res.body.message).toContain('天数');
    }
  });
});
