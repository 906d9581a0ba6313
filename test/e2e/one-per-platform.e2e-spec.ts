import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { accountAsAdmin, createAccount, createUnit, expectError, Fixture, historyOf, seedFixture, totals } from './support/fixtures';

describe.each(databasesUnderTest())('one account per platform, and audited edits (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const apply = (body: Record<string, unknown>, token = f.adminToken) => t.http.post('/api/accounts').set(bearer(token)).send(body);
  const act = (id: number, body: Record<string, unknown>) => t.http.post(`/api/accounts/${id}/transitions`).set(bearer(f.reviewerToken)).send(body);
  const patch = (id: number, body: Record<string, unknown>, token = f.adminToken) => t.http.patch(`/api/accounts/${id}`).set(bearer(token)).send(body);

  describe('a second live account on the same platform', () => {
    it('is a 409 naming the existing account, unless a justification is given', async () => {
      const unit = await createUnit(t);
      const first = await createAccount(t, f.adminToken, { unitId: unit.id, platform: 'wechat', name: '某镇发布' });
      const before = await totals(t);
      const second = await apply({ unitId: unit.id, platform: 'wechat', name: '某镇服务号' });
      expectError(second, 409);
      expect(second.body.message).toContain('某镇发布');
      expect(second.body.message).toContain(String(first.id));
      expect(second.body.existingAccounts).toEqual([{ id: first.id, name: '某镇发布', state: 'applied' }]);
      expect(await totals(t)).toEqual(before);
      expectError(await apply({ unitId: unit.id, platform: 'wechat', name: '某镇服务号', justification: '   ' }), 409);

      const justified = await apply({ unitId: unit.id, platform: 'wechat', name: '某镇服务号', justification: '服务号用于办事服务,订阅号用于信息发布' });
      expect(justified.status).toBe(201);
      expect(justified.body.justification).toBe('服务号用于办事服务,订阅号用于信息发布');
      expect((await accountAsAdmin(t, justified.body.id)).justification).toBe('服务号用于办事服务,订阅号用于信息发布');
      // Now two live accounts: a third names both.
      const third = await apply({ unitId: unit.id, platform: 'wechat', name: '某镇第三号' });
      expectError(third, 409);
      expect(third.body.existingAccounts.map((a: { id: number }) => a.id)).toEqual([first.id, justified.body.id]);
    });

    it('applies to approved, opened and deregistration-requested accounts too', async () => {
      const unit = await createUnit(t);
      const { id } = await createAccount(t, f.reviewer2Token, {
        unitId: unit.id,
        platform: 'douyin',
        name: '某镇抖音',
        platformAccountId: 'dy1',
        homepageUrl: 'https://www.douyin.com/user/dy1',
      });
      for (const [step, state] of [
        ['approve', 'approved'],
        ['open', 'opened'],
        ['request_deregistration', 'deregistration_requested'],
      ]) {
        expect((await act(id, { action: step, reason: '测试' })).body.state).toBe(state);
        const res = await apply({ unitId: unit.id, platform: 'douyin', name: '某镇抖音二号' });
        expectError(res, 409);
        expect(res.body.existingAccounts).toEqual([{ id, name: '某镇抖音', state }]);
      }
    });

    it('is allowed without justification once the first is rejected or deregistered', async () => {
      const unit = await createUnit(t);
      const rejected = await createAccount(t, f.reviewer2Token, { unitId: unit.id, platform: 'weibo', name: '某镇微博' });
      await act(rejected.id, { action: 'reject', reason: '名称不规范' }).expect(200);
      const retry = await apply({ unitId: unit.id, platform: 'weibo', name: '某镇发布微博' });
      expect(retry.status).toBe(201);
      expect(retry.body.justification).toBeNull();

      const old = await createAccount(t, f.reviewer2Token, {
        unitId: unit.id,
        platform: 'toutiao',
        name: '某镇头条',
        platformAccountId: 'tt9',
        homepageUrl: 'https://www.toutiao.com/c/user/tt9/',
      });
      for (const action of ['approve', 'open', 'request_deregistration']) await act(old.id, { action, reason: '停止运营' }).expect(200);
      // Deregistration is maker-checker: someone other than the requester confirms it.
      await t.http.post(`/api/accounts/${old.id}/transitions`).set(bearer(f.adminToken)).send({ action: 'deregister' }).expect(200);
      expect((await apply({ unitId: unit.id, platform: 'toutiao', name: '某镇头条号' })).status).toBe(201);
    });

    it('does not stop a different platform or a different unit', async () => {
      const unit = await createUnit(t);
      const other = await createUnit(t);
      await createAccount(t, f.adminToken, { unitId: unit.id, platform: 'kuaishou', name: '某镇快手' });
      expect((await apply({ unitId: unit.id, platform: 'bilibili', name: '某镇B站' })).status).toBe(201);
      expect((await apply({ unitId: other.id, platform: 'kuaishou', name: '另一镇快手' })).status).toBe(201);
    });

    it('also guards moving an account into a unit that already has one on that platform', async () => {
      const from = await createUnit(t);
      const into = await createUnit(t);
      await createAccount(t, f.adminToken, { unitId: into.id, platform: 'wechat', name: '承接单位发布' });
      const moving = await createAccount(t, f.adminToken, { unitId: from.id, platform: 'wechat', name: '被迁移发布' });
      const res = await patch(moving.id, { unitId: into.id });
      expectError(res, 409);
      expect(res.body.message).toContain('承接单位发布');
      expect((await accountAsAdmin(t, moving.id)).unitId).toBe(from.id);
      const justified = await patch(moving.id, { unitId: into.id, justification: '合并后保留两个号' });
      expect(justified.body).toMatchObject({ unitId: into.id, justification: '合并后保留两个号' });
    });
  });

  describe('edits', () => {
    let account: { id: number; name: string };
    beforeAll(async () => {
      account = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'wechat', name: '甲镇发布', operatorName: '王五' });
    });

    it('are recorded in the history as {field: {from, to}}', async () => {
      const res = await patch(
        account.id,
        { name: '甲镇发布平台', homepageUrl: 'https://mp.weixin.qq.com/s/abc', operatorName: null, operatorPhone: '13900000000' },
        f.operatorAToken,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: '甲镇发布平台', homepageUrl: 'https://mp.weixin.qq.com/s/abc', operatorName: null, operatorPhone: '13900000000' });
      const history = await historyOf(t, account.id);
      expect(history.map((h) => h.action)).toEqual(['create', 'update']);
      expect(history[1]).toMatchObject({ actor: { id: f.operatorA.id, username: f.operatorA.username }, fromState: null, toState: null });
      expect(history[1].changes).toEqual({
        name: { from: '甲镇发布', to: '甲镇发布平台' },
        homepageUrl: { from: null, to: 'https://mp.weixin.qq.com/s/abc' },
        operatorName: { from: '王五', to: null },
        operatorPhone: { from: null, to: '13900000000' },
      });
    });

    it('that change nothing add no history entry', async () => {
      const before = await accountAsAdmin(t, account.id);
      const length = (await historyOf(t, account.id)).length;
      for (const body of [{}, { name: before.name }, { name: ` ${before.name} `, homepageUrl: before.homepageUrl, operatorName: null }]) {
        const res = await patch(account.id, body);
        expect(res.status).toBe(200);
        expect(res.body.name).toBe(before.name);
      }
      expect(await historyOf(t, account.id)).toHaveLength(length);
      expect((await accountAsAdmin(t, account.id)).updatedAt).toBe(before.updatedAt);
    });

    it.each([
      ['an unknown field (state)', { state: 'opened' }, 'state'],
      ['an unknown field (owner)', { owner: 'x' }, 'owner'],
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['an ftp homepage', { homepageUrl: 'ftp://x' }, 'homepageUrl'],
      ['a homepage without scheme', { homepageUrl: 'www.example.com' }, 'homepageUrl'],
    ])('refuse %s with 400 naming the field', async (_label, body, field) => {
      const before = await accountAsAdmin(t, account.id);
      const length = (await historyOf(t, account.id)).length;
      const res = await patch(account.id, body);
      expectError(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await accountAsAdmin(t, account.id)).toEqual(before);
      expect(await historyOf(t, account.id)).toHaveLength(length);
    });
  });
});
