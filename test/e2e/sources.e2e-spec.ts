import { ledgerAccounts, POLLING_ENV } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { Fixture, seedFixture } from './support/fixtures';

describe.each(databasesUnderTest())('account sources (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind, POLLING_ENV);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  it('stores settings, keeps secrets write-only and audits the change without them', async () => {
    const [id] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
    const admin = bearer(t.adminToken);
    expect((await t.http.get(`/api/accounts/${id}/source`).set(admin)).status).toBe(404);
    const put = await t.http
      .put(`/api/accounts/${id}/source`)
      .set(bearer(f.operatorAToken))
      .send({ kind: 'wechat_api', appId: 'wx123', appSecret: 'very-secret-1', baseUrl: 'http://127.0.0.1:9/' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ accountId: id, kind: 'wechat_api', appId: 'wx123', appSecretSet: true, accessTokenSet: false });
    expect(JSON.stringify(put.body)).not.toContain('very-secret-1');
    // Omitting the secret keeps it; changing the kind drops it.
    const keep = await t.http.put(`/api/accounts/${id}/source`).set(admin).send({ kind: 'wechat_api', appId: 'wx123' });
    expect(keep.body.appSecretSet).toBe(true);
    const history = await t.http.get(`/api/accounts/${id}/history`).set(admin);
    const entries = history.body.filter((e: { action: string }) => e.action === 'source_update');
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(history.body)).not.toContain('very-secret-1');
    const feed = await t.http.put(`/api/accounts/${id}/source`).set(admin).send({ kind: 'feed', url: 'https://rsshub.example/weibo/user/1' });
    expect(feed.body).toMatchObject({ kind: 'feed', appId: null, appSecretSet: false });
    expect((await t.http.get(`/api/accounts/${id}/source`).set(bearer(f.viewerToken))).body.url).toBe('https://rsshub.example/weibo/user/1');
  });

  it('refuses bad settings with Chinese messages and keeps to the unit scope', async () => {
    const [id] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    const put = (body: unknown, token = t.adminToken) =>
      t.http
        .put(`/api/accounts/${id}/source`)
        .set(bearer(token))
        .send(body as object);
    const cases: [unknown, string][] = [
      [{ kind: 'rss' }, 'kind'],
      [{ kind: 'feed' }, 'url'],
      [{ kind: 'feed', url: 'ftp://x.example/feed' }, 'url'],
      [{ kind: 'feed', url: 'https://x.example/f', appId: 'wx1' }, 'appId'],
      [{ kind: 'wechat_api', appId: 'wx1' }, 'appSecret'],
      [{ kind: 'weibo_api', uid: 'abc', accessToken: 't' }, 'uid'],
      [{ kind: 'weibo_api', uid: '123' }, 'accessToken'],
      [{ kind: 'feed', url: 'https://x.example/f', extra: 1 }, 'extra'],
      [{ kind: 'wechat_api', appId: 'wx1', appSecret: '   ' }, 'appSecret'],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await put({ kind: 'manual' }, f.operatorBToken)).status).toBe(403);
    expect((await put({ kind: 'manual' }, f.viewerToken)).status).toBe(403);
    expect((await t.http.get(`/api/accounts/${id}/source`).set(bearer(f.operatorBToken))).status).toBe(403);
    expect((await t.http.put('/api/accounts/99999999/source').set(bearer(t.adminToken)).send({ kind: 'manual' })).status).toBe(404);
    expect((await t.http.put('/api/accounts/x/source').set(bearer(t.adminToken)).send({ kind: 'manual' })).status).toBe(400);
    expect((await put({ kind: 'manual' })).body).toMatchObject({ kind: 'manual', nextPollAt: null });
  });
});
