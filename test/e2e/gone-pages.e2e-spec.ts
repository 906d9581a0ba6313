import { CorpusSites, startCorpusSites } from '../fixtures/pages/serve';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, Fixture, seedFixture } from './support/fixtures';

const FAST_LINKS = {
  LINK_SWEEP_CRON: 'off',
  LINK_CHECK_ALLOW_PRIVATE: 'true',
  LINK_CHECK_TIMEOUT_MS: '2000',
  LINK_CHECK_BACKOFF_MS: '10',
  LINK_CHECK_MIN_GAP_MS: '0',
  LINK_CHECK_CONFIRM_DELAY_MS: '0',
};

/** A sweep over the gone-page corpus served over HTTP: every kind of gone page and the tricky healthy ones (api.md, "Link health: what gone covers"). */
describe.each(databasesUnderTest())('gone pages (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let sites: CorpusSites;
  beforeAll(async () => {
    sites = await startCorpusSites();
    t = await startApp(kind, FAST_LINKS);
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t.close();
    await sites.close();
  });

  it('a sweep judges every corpus page as its manifest says, and opens one alert per broken page', async () => {
    const account = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'wechat', name: '甲镇门户' });
    const byColumn = new Map<number, CorpusSites['links'][number]>();
    for (const link of sites.links) {
      const res = await t.http.post(`/api/accounts/${account.id}/columns`).set(bearer(f.operatorAToken)).send({ name: link.page.file, url: link.url });
      expect(res.status).toBe(201);
      byColumn.set(res.body.id, link);
    }
    const started = await t.http
      .post('/api/link-checks')
      .set(bearer(f.operatorAToken))
      .send({ columnIds: [...byColumn.keys()] });
    expect(started.status).toBe(202);
    let run: any;
    for (let i = 0; i < 600 && run?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = (await t.http.get(`/api/link-checks/${started.body.id}`).set(bearer(f.operatorAToken))).body;
    }
    const count = (health: string) => sites.links.filter((l) => l.page.health === health).length;
    expect(run).toMatchObject({ status: 'done', total: sites.links.length, ok: count('ok'), broken: count('broken'), unverifiable: count('unverifiable') });

    const columns = (await t.http.get(`/api/columns?accountId=${account.id}&pageSize=200`).set(bearer(f.viewerToken))).body.items;
    const got = columns.map((c: any) => ({ page: byColumn.get(c.id)!.page.file, health: c.health, reason: c.lastReason }));
    const expected = columns.map((c: any) => ({ page: byColumn.get(c.id)!.page.file, health: byColumn.get(c.id)!.page.health, reason: byColumn.get(c.id)!.page.reason }));
    expect(got).toEqual(expected);
    expect(columns.find((c: any) => c.lastReason === 'soft404_account')).toMatchObject({ lastReasonText: expect.stringContaining('账号') });

    const alerts = await t.http.get('/api/alerts?kind=link_broken&status=open&pageSize=200').set(bearer(f.adminToken));
    expect(alerts.body.total).toBe(count('broken'));
  });
});
