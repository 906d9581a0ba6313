import { AuditService } from '../../src/modules/audit/audit.service';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { ColumnsService } from '../../src/modules/columns/columns.service';
import { createAccount, createUnit, expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

describe.each(databasesUnderTest())('columns (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let accountA: { id: number };
  let accountB: { id: number };
  beforeAll(async () => {
    t = await startApp(kind, { LINK_SWEEP_CRON: 'off' });
    f = await seedFixture(t);
    accountA = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'wechat', name: '甲镇发布' });
    accountB = await createAccount(t, f.operatorBToken, { unitId: f.unitB.id, platform: 'weibo', name: '乙镇发布' });
  });
  afterAll(() => t.close());

  it('creates, lists, edits and deletes columns of an account, audited', async () => {
    const created = await t.http.post(`/api/accounts/${accountA.id}/columns`).set(bearer(f.operatorAToken)).send({ name: ' 政务公开 ', url: 'https://www.example.gov.cn/zwgk/' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '政务公开',
      url: 'https://www.example.gov.cn/zwgk/',
      health: 'unknown',
      lastCheckedAt: null,
      lastHttpStatus: null,
      lastReason: null,
      brokenSince: null,
      accountId: accountA.id,
      accountName: '甲镇发布',
      unitId: f.unitA.id,
      unitName: f.unitA.name,
    });
    const id = created.body.id;
    const second = await t.http.post(`/api/accounts/${accountA.id}/columns`).set(bearer(f.adminToken)).send({ name: '办事服务', url: 'http://www.example.gov.cn/bsfw' });
    expect(second.status).toBe(201);

    const list = await t.http.get(`/api/accounts/${accountA.id}/columns`).set(bearer(f.viewerToken));
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, page: 1 });
    expect(list.body.items.map((c: { name: string }) => c.name)).toEqual(['政务公开', '办事服务']);

    const patched = await t.http.patch(`/api/columns/${id}`).set(bearer(f.operatorAToken)).send({ name: '信息公开' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, name: '信息公开', url: 'https://www.example.gov.cn/zwgk/' });

    expect((await t.http.delete(`/api/columns/${second.body.id}`).set(bearer(f.operatorAToken))).status).toBe(204);
    expectError(await t.http.get(`/api/columns/${second.body.id}`).set(bearer(f.adminToken)), 404);
    expectError(await t.http.delete(`/api/columns/${second.body.id}`).set(bearer(f.adminToken)), 404);

    const history = await t.app.get(AuditService).history('column', id);
    expect(history.map((e) => e.action)).toEqual(['create', 'update']);
    expect(history[1].changes).toEqual({ name: { from: '政务公开', to: '信息公开' } });
  });

  it('refuses bad input with 400 and unknown ids with 404, never 500', async () => {
    const admin = bearer(f.adminToken);
    for (const url of ['ftp://example.com/a', 'javascript:alert(1)', 'not a url', 'http://', 'http://exa mple.com/', '', 42]) {
      const res = await t.http.post(`/api/accounts/${accountA.id}/columns`).set(admin).send({ name: '栏目', url });
      expectError(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('url');
    }
    expectError(await t.http.post(`/api/accounts/${accountA.id}/columns`).set(admin).send({ url: 'https://a.example/' }), 400);
    expectError(await t.http.post(`/api/accounts/${accountA.id}/columns`).set(admin).send({ name: '  ', url: 'https://a.example/' }), 400);
    expectError(await t.http.post(`/api/accounts/${accountA.id}/columns`).set(admin).send({ name: 'x', url: 'https://a.example/', extra: 1 }), 400);
    expectError(await t.http.post('/api/accounts/999999/columns').set(admin).send({ name: 'x', url: 'https://a.example/' }), 404);
    expectError(await t.http.post('/api/accounts/abc/columns').set(admin).send({ name: 'x', url: 'https://a.example/' }), 400);
    expectError(await t.http.patch('/api/columns/999999').set(admin).send({ name: 'x' }), 404);
    const created = await t.http.post(`/api/accounts/${accountA.id}/columns`).set(admin).send({ name: 'x', url: 'https://a.example/' });
    expectError(await t.http.patch(`/api/columns/${created.body.id}`).set(admin).send({ url: 'mailto:a@b.c' }), 400);
    expectError(await t.http.get('/api/columns?health=dead').set(admin), 400);
    expectError(await t.http.get('/api/columns?pageSize=500').set(admin), 400);
  });

  it('keeps operators in their unit and viewers read-only', async () => {
    const b = await t.http.post(`/api/accounts/${accountB.id}/columns`).set(bearer(f.operatorBToken)).send({ name: '乙镇栏目', url: 'https://b.example/' });
    expect(b.status).toBe(201);
    expectError(await t.http.post(`/api/accounts/${accountB.id}/columns`).set(bearer(f.operatorAToken)).send({ name: 'x', url: 'https://b.example/' }), 403);
    expectError(await t.http.get(`/api/accounts/${accountB.id}/columns`).set(bearer(f.operatorAToken)), 403);
    expectError(await t.http.patch(`/api/columns/${b.body.id}`).set(bearer(f.operatorAToken)).send({ name: 'x' }), 403);
    expectError(await t.http.delete(`/api/columns/${b.body.id}`).set(bearer(f.operatorAToken)), 403);
    expectError(await t.http.post(`/api/accounts/${accountA.id}/columns`).set(bearer(f.viewerToken)).send({ name: 'x', url: 'https://a.example/' }), 403);
    expectError(await t.http.get(`/api/columns?unitId=${f.unitB.id}`).set(bearer(f.operatorAToken)), 403);

    const mine = await t.http.get('/api/columns').set(bearer(f.operatorAToken));
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((c: { unitId: number }) => c.unitId === f.unitA.id)).toBe(true);
    const all = await t.http.get('/api/columns').set(bearer(f.viewerToken));
    expect(new Set(all.body.items.map((c: { unitId: number }) => c.unitId))).toEqual(new Set([f.unitA.id, f.unitB.id]));
    const byUnit = await t.http.get(`/api/columns?unitId=${f.unitB.id}&health=unknown`).set(bearer(f.reviewerToken));
    expect(byUnit.body.items.map((c: { name: string }) => c.name)).toEqual(['乙镇栏目']);
    const byAccount = await t.http.get(`/api/columns?accountId=${accountB.id}`).set(bearer(f.adminToken));
    expect(byAccount.body.total).toBe(1);
    expect((await t.http.get('/api/columns?health=broken').set(bearer(f.adminToken))).body.total).toBe(0);
  });
  it('counts columns per link health whatever health is chosen, within the unit and account filters', async () => {
    const unit = await createUnit(t);
    const account = await createAccount(t, f.adminToken, { unitId: unit.id, platform: 'wechat', name: `计数${uniqueTag()}` });
    const add = async (name: string) =>
      (
        await t.http
          .post(`/api/accounts/${account.id}/columns`)
          .set(bearer(f.adminToken))
          .send({ name, url: `https://c.example/${name}` })
      ).body;
    const [broken, ok] = [await add('失效栏目'), await add('正常栏目'), await add('未检查栏目')];
    const columns = t.app.get(ColumnsService);
    const checked = { lastCheckedAt: new Date(), lastHttpStatus: 200, lastReason: 'ok', lastFinalUrl: null, brokenSince: null };
    await columns.recordHealth((await columns.findById(broken.id))!, { ...checked, health: 'broken', lastHttpStatus: 404, lastReason: 'not_found', brokenSince: new Date() });
    await columns.recordHealth((await columns.findById(ok.id))!, { ...checked, health: 'ok' });

    const list = async (query: string) => (await t.http.get(`/api/columns?${query}`).set(bearer(f.reviewerToken))).body;
    const counts = { ok: 1, broken: 1, unverifiable: 0, unknown: 1 };
    const onlyBroken = await list(`unitId=${unit.id}&health=broken`);
    expect(onlyBroken).toMatchObject({ total: 1, healthCounts: counts });
    expect(onlyBroken.items.map((c: { name: string }) => c.name)).toEqual(['失效栏目']);
    expect((await list(`accountId=${account.id}`)).healthCounts).toEqual(counts);
    expect((await list(`unitId=${f.unitB.id}`)).healthCounts.broken).toBe(0);
  });

  it('keeps the columns of a deregistered account as they are (409), removable still', async () => {
    const unit = await createUnit(t);
    const account = await createAccount(t, f.adminToken, {
      unitId: unit.id,
      platform: 'weibo',
      name: `注销${uniqueTag()}`,
      platformAccountId: 'wb1',
      homepageUrl: 'https://weibo.com/u/1',
    });
    const column = (await t.http.post(`/api/accounts/${account.id}/columns`).set(bearer(f.adminToken)).send({ name: '旧栏目', url: 'https://d.example/' })).body;
    const act = (token: string, action: string) => t.http.post(`/api/accounts/${account.id}/transitions`).set(bearer(token)).send({ action, reason: '停止运营' }).expect(200);
    for (const action of ['approve', 'open', 'request_deregistration']) await act(f.reviewerToken, action);
    await act(f.adminToken, 'deregister');

    const view = (await t.http.get(`/api/accounts/${account.id}`).set(bearer(f.adminToken))).body;
    expect(view).toMatchObject({ state: 'deregistered', changeableParts: ['source', 'posts'] });
    const refused = await t.http.patch(`/api/accounts/${account.id}`).set(bearer(f.adminToken)).send({ operatorName: '张三' });
    expectError(refused, 409);
    expect(refused.body.message).toBe('账号当前状态为“已注销”，不能修改账号信息');
    expectError(await t.http.post(`/api/accounts/${account.id}/columns`).set(bearer(f.adminToken)).send({ name: '新栏目', url: 'https://d.example/new' }), 409);
    expectError(await t.http.patch(`/api/columns/${column.id}`).set(bearer(f.adminToken)).send({ name: '改名' }), 409);
    expect((await t.http.get(`/api/columns/${column.id}`).set(bearer(f.adminToken))).body.name).toBe('旧栏目');
    expect((await t.http.delete(`/api/columns/${column.id}`).set(bearer(f.adminToken))).status).toBe(204);
    // An application may still be corrected and given columns; re-certification waits for the opening.
    const applied = await createAccount(t, f.adminToken, { unitId: unit.id, platform: 'douyin', name: `申请${uniqueTag()}` });
    expect(applied.changeableParts).toEqual(['details', 'columns', 'source', 'posts']);
  });
});
