import { ACCOUNT_STATES, ACTION_LABELS, STATE_LABELS, TRANSITION_ACTIONS, TRANSITIONS } from '../../src/modules/accounts/account-state-machine';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { Fixture, seedFixture } from './support/fixtures';

describe.each(databasesUnderTest())('account lifecycle (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const apply = async (token: string, body: Record<string, unknown>) => t.http.post('/api/accounts').set(bearer(token)).send(body);
  const act = (token: string, id: number, body: Record<string, unknown>) => t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);

  it('takes an account from application to deregistration, with every step in its history', async () => {
    const created = await apply(f.operatorAToken, {
      unitId: f.unitA.id,
      platform: 'wechat',
      name: '甲镇发布',
      operatorName: '王五',
      operatorPhone: '13800000000',
      purpose: '政务信息发布',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'applied',
      unitId: f.unitA.id,
      unitName: f.unitA.name,
      platform: 'wechat',
      name: '甲镇发布',
      appliedBy: { id: f.operatorA.id, username: f.operatorA.username },
    });
    expect(created.body.appliedAt).toEqual(expect.any(String));
    const id = created.body.id as number;

    const approved = await act(f.reviewerToken, id, { action: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
    expect(approved.body.approvedAt).toEqual(expect.any(String));

    const openedAt = '2023-07-03T09:00:00.000Z';
    const opened = await act(f.operatorAToken, id, {
      action: 'open',
      platformAccountId: 'gh_abc123',
      homepageUrl: 'https://mp.weixin.qq.com/mp/profile_ext?__biz=MzA1',
      filingNumber: 'BA-2023-01',
      at: openedAt,
    });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ state: 'opened', platformAccountId: 'gh_abc123', filingNumber: 'BA-2023-01', openedAt });

    const requested = await act(f.operatorAToken, id, { action: 'request_deregistration', reason: '机构调整，不再运营' });
    expect(requested.body).toMatchObject({ state: 'deregistration_requested', lastReason: '机构调整，不再运营' });
    const cancelled = await act(f.operatorAToken, id, { action: 'cancel_deregistration' });
    expect(cancelled.body).toMatchObject({ state: 'opened', openedAt, deregistrationRequestedAt: null });
    await act(f.operatorAToken, id, { action: 'request_deregistration', reason: '合并到区级账号' });
    const deregistered = await act(f.reviewerToken, id, { action: 'deregister' });
    expect(deregistered.status).toBe(200);
    expect(deregistered.body.state).toBe('deregistered');
    expect(deregistered.body.deregisteredAt).toEqual(expect.any(String));
    expect(deregistered.body.allowedActions).toEqual([]);

    const history = await t.http.get(`/api/accounts/${id}/history`).set(bearer(f.viewerToken));
    expect(history.status).toBe(200);
    const steps = history.body.map((h: { action: string; fromState: string; toState: string; actor: { username: string } }) => [
      h.action,
      h.fromState,
      h.toState,
      h.actor.username,
    ]);
    const reviewer = (await t.http.get('/api/auth/me').set(bearer(f.reviewerToken))).body.username;
    expect(steps).toEqual([
      ['create', null, 'applied', f.operatorA.username],
      ['approve', 'applied', 'approved', reviewer],
      ['open', 'approved', 'opened', f.operatorA.username],
      ['request_deregistration', 'opened', 'deregistration_requested', f.operatorA.username],
      ['cancel_deregistration', 'deregistration_requested', 'opened', f.operatorA.username],
      ['request_deregistration', 'opened', 'deregistration_requested', f.operatorA.username],
      ['deregister', 'deregistration_requested', 'deregistered', reviewer],
    ]);
    expect(history.body[2].at).toBe(openedAt);
    expect(history.body[2].changes).toMatchObject({ platformAccountId: { from: null, to: 'gh_abc123' } });
    expect(history.body[3].reason).toBe('机构调整，不再运营');
  });

  it('rejects with a reason, and a rejected account can go nowhere', async () => {
    const { body } = await apply(f.operatorAToken, { unitId: f.unitA.id, platform: 'bilibili', name: '甲镇B站' });
    const noReason = await act(f.reviewerToken, body.id, { action: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const rejected = await act(f.reviewerToken, body.id, { action: 'reject', reason: '用途不明确' });
    expect(rejected.body).toMatchObject({ state: 'rejected', lastReason: '用途不明确' });
    expect(rejected.body.rejectedAt).toEqual(expect.any(String));
  });

  it('keeps maker and checker apart: the applicant cannot approve their own application', async () => {
    const { body } = await apply(f.reviewerToken, { unitId: f.unitB.id, platform: 'kuaishou', name: '乙镇快手' });
    expect(body.allowedActions).toEqual(['reject']);
    const own = await act(f.reviewerToken, body.id, { action: 'approve' });
    expect(own.status).toBe(403);
    expect(own.body.message).toContain('编审分离');
    const after = await t.http.get(`/api/accounts/${body.id}`).set(bearer(f.reviewerToken));
    expect(after.body.state).toBe('applied');
    const other = await act(f.reviewer2Token, body.id, { action: 'approve' });
    expect(other.status).toBe(200);
    expect(other.body.state).toBe('approved');
  });

  it('lets only the office approve, reject and deregister', async () => {
    const { body } = await apply(f.operatorAToken, { unitId: f.unitA.id, platform: 'douyin', name: '甲镇抖音' });
    for (const action of ['approve', 'reject']) {
      const res = await act(f.operatorAToken, body.id, { action, reason: 'x' });
      expect(res.status).toBe(403);
    }
    expect((await act(f.viewerToken, body.id, { action: 'approve' })).status).toBe(403);
    const view = await t.http.get(`/api/accounts/${body.id}`).set(bearer(f.operatorAToken));
    expect(view.body.allowedActions).toEqual([]);
    const asReviewer = await t.http.get(`/api/accounts/${body.id}`).set(bearer(f.reviewerToken));
    expect(asReviewer.body.allowedActions).toEqual(['approve', 'reject']);
  });

  it('requires platform ID and homepage to open', async () => {
    const { body } = await apply(f.operatorBToken, { unitId: f.unitB.id, platform: 'toutiao', name: '乙镇头条' });
    await act(f.reviewerToken, body.id, { action: 'approve' });
    const missing = await act(f.operatorBToken, body.id, { action: 'open' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('platformAccountId');
    const noUrl = await act(f.operatorBToken, body.id, { action: 'open', platformAccountId: 'tt123' });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.errors[0].field).toBe('homepageUrl');
    const badUrl = await act(f.operatorBToken, body.id, { action: 'open', platformAccountId: 'tt123', homepageUrl: 'javascript:alert(1)' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.errors[0].field).toBe('homepageUrl');
    expect((await t.http.get(`/api/accounts/${body.id}`).set(bearer(f.operatorBToken))).body).toMatchObject({ state: 'approved', platformAccountId: null });
    // Identity recorded beforehand is enough.
    await t.http
      .patch(`/api/accounts/${body.id}`)
      .set(bearer(f.operatorBToken))
      .send({ platformAccountId: 'tt123', homepageUrl: 'https://www.toutiao.com/c/user/token/abc/' })
      .expect(200);
    expect((await act(f.operatorBToken, body.id, { action: 'open' })).body.state).toBe('opened');
  });

  it('refuses a time in the future, and accepts history entered after the fact', async () => {
    const { body } = await apply(f.operatorBToken, { unitId: f.unitB.id, platform: 'other', name: '乙镇小程序', appliedAt: '2019-03-01T00:00:00.000Z' });
    expect(body.appliedAt).toBe('2019-03-01T00:00:00.000Z');
    const future = await act(f.reviewerToken, body.id, { action: 'approve', at: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('at');
    const badDate = await act(f.reviewerToken, body.id, { action: 'approve', at: '2023-02-30' });
    expect(badDate.status).toBe(400);
    const past = await act(f.reviewerToken, body.id, { action: 'approve', at: '2019-03-05T08:00:00+08:00' });
    expect(past.status).toBe(200);
    expect(past.body.approvedAt).toBe('2019-03-05T00:00:00.000Z');
  });

  describe('every illegal transition is a 409 naming the state and the allowed actions', () => {
    const states = [...ACCOUNT_STATES];
    // Drives a fresh account to each state through legal steps, then tries every action that does not start there.
    const path: Record<string, string[]> = {
      applied: [],
      approved: ['approve'],
      rejected: ['reject'],
      opened: ['approve', 'open'],
      deregistration_requested: ['approve', 'open', 'request_deregistration'],
      deregistered: ['approve', 'open', 'request_deregistration', 'deregister'],
    };
    it.each(states)('from %s', async (state) => {
      const { body } = await apply(f.adminToken, { unitId: f.unitB.id, platform: 'weibo', name: `乙镇微博-${state}`, justification: '测试多个状态' });
      for (const action of path[state]) {
        // Deregistration is maker-checker: another office user confirms the reviewer's request.
        const token = action === 'deregister' ? f.reviewer2Token : f.reviewerToken;
        const res = await act(token, body.id, { action, reason: '测试', platformAccountId: '12345', homepageUrl: 'https://weibo.com/u/12345' });
        expect(res.status).toBe(200);
      }
      const illegal = TRANSITION_ACTIONS.filter((a) => TRANSITIONS[a].from !== state);
      const legal = TRANSITION_ACTIONS.filter((a) => TRANSITIONS[a].from === state);
      for (const action of illegal) {
        const res = await act(f.adminToken, body.id, { action, reason: '测试', platformAccountId: '1', homepageUrl: 'https://weibo.com/u/1' });
        expect(res.status).toBe(409);
        expect(res.body.currentState).toBe(state);
        expect(res.body.allowedActions).toEqual(legal);
        // The message is for people (Chinese names); the codes are in currentState/allowedActions.
        expect(res.body.message).toContain(STATE_LABELS[state]);
        for (const allowed of legal) expect(res.body.message).toContain(ACTION_LABELS[allowed]);
      }
      const after = await t.http.get(`/api/accounts/${body.id}`).set(bearer(f.adminToken));
      expect(after.body.state).toBe(state);
      const history = await t.http.get(`/api/accounts/${body.id}/history`).set(bearer(f.adminToken));
      expect(history.body).toHaveLength(1 + path[state].length);
    });
  });

  it('rejects an unknown action with 400 listing the valid ones', async () => {
    const { body } = await apply(f.operatorAToken, { unitId: f.unitA.id, platform: 'other', name: '甲镇其他', justification: '测试' });
    const res = await act(f.reviewerToken, body.id, { action: 'publish' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('approve');
    expect((await act(f.reviewerToken, 999999, { action: 'approve' })).status).toBe(404);
  });
});
