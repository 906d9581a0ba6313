import ExcelJS from 'exceljs';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { accountAsAdmin, createAccount, expectError, Fixture, historyOf, seedFixture, totals } from './support/fixtures';

describe.each(databasesUnderTest())('unit scope and read-only users (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let accountA: { id: number };
  let accountB: { id: number };
  let openedB: { id: number };
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
    accountA = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'wechat', name: '甲镇发布' });
    await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'douyin', name: '甲镇抖音' });
    accountB = await createAccount(t, f.operatorBToken, { unitId: f.unitB.id, platform: 'wechat', name: '乙镇发布' });
    openedB = await createAccount(t, f.operatorBToken, {
      unitId: f.unitB.id,
      platform: 'weibo',
      name: '乙镇微博',
      platformAccountId: '998877',
      homepageUrl: 'https://weibo.com/u/998877',
    });
    for (const action of ['approve', 'open']) {
      await t.http.post(`/api/accounts/${openedB.id}/transitions`).set(bearer(f.reviewerToken)).send({ action }).expect(200);
    }
  });
  afterAll(() => t.close());

  /** Runs a refused request and checks the account it aimed at is exactly as before, history included. */
  async function refusedWithoutEffect(accountId: number, request: () => PromiseLike<{ status: number; body: any; headers: any }>, status = 403) {
    const before = await accountAsAdmin(t, accountId);
    const historyBefore = (await historyOf(t, accountId)).length;
    const totalsBefore = await totals(t);
    expectError(await request(), status);
    expect(await accountAsAdmin(t, accountId)).toEqual(before);
    expect(await historyOf(t, accountId)).toHaveLength(historyBefore);
    expect(await totals(t)).toEqual(totalsBefore);
  }

  describe("an operator cannot see or touch another unit's data", () => {
    const asA = () => bearer(f.operatorAToken);

    it("refuses reading another unit's account and its history", async () => {
      const get = await t.http.get(`/api/accounts/${accountB.id}`).set(asA());
      expectError(get, 403);
      expect(JSON.stringify(get.body)).not.toContain('乙镇发布');
      expectError(await t.http.get(`/api/accounts/${accountB.id}/history`).set(asA()), 403);
    });

    it("refuses editing, transitioning or deregistering another unit's account", async () => {
      await refusedWithoutEffect(accountB.id, () => t.http.patch(`/api/accounts/${accountB.id}`).set(asA()).send({ name: '被改名' }));
      await refusedWithoutEffect(openedB.id, () => t.http.post(`/api/accounts/${openedB.id}/transitions`).set(asA()).send({ action: 'request_deregistration', reason: '越权' }));
      await refusedWithoutEffect(openedB.id, () => t.http.patch(`/api/accounts/${openedB.id}`).set(asA()).send({ homepageUrl: 'https://example.com/' }));
    });

    it("lists only the operator's own unit, and refuses a filter on another unit", async () => {
      const all = await t.http.get('/api/accounts').set(asA());
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(2);
      expect(new Set(all.body.items.map((a: { unitId: number }) => a.unitId))).toEqual(new Set([f.unitA.id]));
      expect((await t.http.get('/api/accounts?platform=wechat').set(asA())).body.total).toBe(1);
      expect((await t.http.get(`/api/accounts?unitId=${f.unitA.id}`).set(asA())).body.total).toBe(2);
      expectError(await t.http.get(`/api/accounts?unitId=${f.unitB.id}`).set(asA()), 403);
      expect((await t.http.get('/api/accounts').set(bearer(f.adminToken))).body.total).toBe(4);
    });

    it('refuses applying for an account in another unit', async () => {
      const before = await totals(t);
      expectError(await t.http.post('/api/accounts').set(asA()).send({ unitId: f.unitB.id, platform: 'bilibili', name: '越权申请' }), 403);
      expect(await totals(t)).toEqual(before);
      expect((await t.http.get(`/api/accounts?unitId=${f.unitB.id}`).set(bearer(f.adminToken))).body.total).toBe(2);
    });

    it('sees only its own unit in the unit list, and 403 for another unit', async () => {
      const units = await t.http.get('/api/units').set(asA());
      expect(units.status).toBe(200);
      expect(units.body.total).toBe(1);
      expect(units.body.items.map((u: { id: number }) => u.id)).toEqual([f.unitA.id]);
      expect((await t.http.get(`/api/units/${f.unitA.id}`).set(asA())).body.name).toBe(f.unitA.name);
      expectError(await t.http.get(`/api/units/${f.unitB.id}`).set(asA()), 403);
    });

    it('cannot move its own account to another unit', async () => {
      await refusedWithoutEffect(accountA.id, () => t.http.patch(`/api/accounts/${accountA.id}`).set(asA()).send({ unitId: f.unitB.id }));
      await refusedWithoutEffect(accountA.id, () => t.http.patch(`/api/accounts/${accountA.id}`).set(asA()).send({ unitId: f.unitB.id, name: '甲镇发布(迁移)' }));
      const own = await t.http.patch(`/api/accounts/${accountA.id}`).set(asA()).send({ operatorName: '王五' });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ unitId: f.unitA.id, operatorName: '王五' });
    });

    it('counts only its own unit in the overview', async () => {
      const mine = await t.http.get('/api/overview').set(asA());
      expect(mine.status).toBe(200);
      expect(mine.body.accountsByState).toEqual({ applied: 2 });
      expect(mine.body.pendingReview).toBe(2);
      expect(mine.body.accountsByPlatform).toEqual({ wechat: 1, douyin: 1 });
      expect(mine.body.unitsWithoutAccount).toEqual([]);
      const b = await t.http.get('/api/overview').set(bearer(f.operatorBToken));
      expect(b.body.accountsByState).toEqual({ applied: 1, opened: 1 });
      const everyone = await t.http.get('/api/overview').set(bearer(f.viewerToken));
      expect(everyone.body.accountsByState).toEqual({ applied: 3, opened: 1 });
    });
  });

  describe('a viewer reads everything and changes nothing', () => {
    const asViewer = () => bearer(f.viewerToken);

    it('reads every unit, account and history', async () => {
      expect((await t.http.get('/api/accounts').set(asViewer())).body.total).toBe(4);
      expect((await t.http.get('/api/units').set(asViewer())).body.total).toBe(2);
      for (const id of [accountA.id, accountB.id]) {
        const account = await t.http.get(`/api/accounts/${id}`).set(asViewer());
        expect(account.status).toBe(200);
        expect(account.body.allowedActions).toEqual([]);
        expect((await t.http.get(`/api/accounts/${id}/history`).set(asViewer())).status).toBe(200);
      }
      expect((await t.http.get(`/api/units/${f.unitB.id}`).set(asViewer())).status).toBe(200);
    });

    it('is refused every write', async () => {
      await refusedWithoutEffect(accountA.id, () => t.http.post('/api/accounts').set(asViewer()).send({ unitId: f.unitA.id, platform: 'kuaishou', name: '只读申请' }));
      await refusedWithoutEffect(accountA.id, () => t.http.patch(`/api/accounts/${accountA.id}`).set(asViewer()).send({ name: '只读改名' }));
      await refusedWithoutEffect(accountA.id, () => t.http.post(`/api/accounts/${accountA.id}/transitions`).set(asViewer()).send({ action: 'reject', reason: '只读' }));
      await refusedWithoutEffect(openedB.id, () =>
        t.http.post(`/api/accounts/${openedB.id}/transitions`).set(asViewer()).send({ action: 'request_deregistration', reason: '只读' }),
      );
      await refusedWithoutEffect(accountA.id, () => t.http.post('/api/units').set(asViewer()).send({ name: '只读单位', kind: 'town' }));
      await refusedWithoutEffect(accountA.id, () => t.http.patch(`/api/units/${f.unitA.id}`).set(asViewer()).send({ contactName: '只读' }));
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('台账').addRows([
        ['单位', '平台', '账号名称'],
        [f.unitA.name, '快手', '只读导入'],
      ]);
      const file = Buffer.from(await workbook.xlsx.writeBuffer());
      await refusedWithoutEffect(accountA.id, () => t.http.post('/api/accounts/import').set(asViewer()).attach('file', file, 'ledger.xlsx'));
      expect((await t.http.get(`/api/units/${f.unitA.id}`).set(asViewer())).body.contactName).toBeNull();
    });
  });
});
