import { AuditService } from '../../src/modules/audit/audit.service';
import { ledgerAccounts } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, createUnit, expectError, uniqueTag } from './support/fixtures';
import { Fixture, seedFixture } from './support/fixtures';

describe.each(databasesUnderTest())('findings: detectors, lifecycle and the scan endpoint (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const admin = () => bearer(t.adminToken);
  const scan = async () => {
    const res = await t.http.post('/api/findings/scan?wait=true').set(admin());
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: expect.any(Number), status: 'done' });
    return res.body;
  };
  const findings = async (query: string, token = t.adminToken) => {
    const res = await t.http.get(`/api/findings?pageSize=200&${query}`).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  const importPosts = async (accountId: number, rows: [string, string][]) => {
    const csv = ['标题,链接,发布时间,类型', ...rows.map(([title, at], i) => `${title},https://mp.example.gov.cn/s/${accountId}-${uniqueTag()}-${i},${at},发布`)].join('\n');
    const res = await t.http.post(`/api/accounts/${accountId}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    if (res.status !== 200) throw new Error(`posts: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const transition = async (id: number, body: Record<string, unknown>, token = f.reviewerToken) => {
    const res = await t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);
    if (res.status !== 200) throw new Error(`transition ${body.action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** An account applied by the unit's operator, approved and opened at the given times. */
  const openedAccount = async (unitId: number, token: string, approvedAt: string, openedAt: string, extra: Record<string, unknown> = {}) => {
    const account = await createAccount(t, token, {
      unitId,
      platform: 'other',
      name: `检测${uniqueTag()}`,
      operatorName: '张三',
      operatorPhone: '0917-1234567',
      appliedAt: '2023-01-01T00:00:00Z',
      justification: '测试用多账号',
      ...extra,
    });
    await transition(account.id, { action: 'approve', at: approvedAt });
    await transition(account.id, { action: 'open', at: openedAt, platformAccountId: `gh_${uniqueTag()}`, homepageUrl: 'https://mp.example.gov.cn/home' });
    return account.id as number;
  };
  const of = (items: any[], k: string, accountId: number) => items.filter((i) => i.kind === k && i.accountId === accountId);

  it('opened_before_approval: a post before approval, not one exactly at it; posts while still applied', async () => {
    const id = await openedAccount(f.unitA.id, f.operatorAToken, '2023-02-01T00:00:00.000Z', '2023-02-02T00:00:00.000Z');
    await importPosts(id, [
      ['批准当刻发布', '2023-02-01T08:00:00+08:00'],
      ['之后的发布', '2023-03-01T08:00:00+08:00'],
    ]);
    await scan();
    expect(of(await findings('kind=opened_before_approval'), 'opened_before_approval', id)).toEqual([]);

    await importPosts(id, [['批准前一秒', '2023-02-01T07:59:59+08:00']]);
    await scan();
    const [found] = of(await findings('kind=opened_before_approval&status=open'), 'opened_before_approval', id);
    expect(found).toMatchObject({ status: 'open', accountId: id, unitId: f.unitA.id, detectedAt: expect.any(String) });
    expect(found.evidence).toMatchObject({
      reasons: ['post_before_approval'],
      approvedAt: '2023-02-01T00:00:00.000Z',
      earliestPost: { title: '批准前一秒', publishedAt: '2023-01-31T23:59:59.000Z', url: expect.stringContaining('https://') },
    });

    const applied = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'kuaishou', name: `未批先发${uniqueTag()}` });
    await importPosts(applied.id, [['没批就发了', '2023-05-01T10:00:00+08:00']]);
    await scan();
    expect(of(await findings('kind=opened_before_approval'), 'opened_before_approval', applied.id)[0].evidence.reasons).toEqual(['posts_without_approval']);

    // A finding opens a `finding` alert.
    const alerts = await t.http.get('/api/alerts?kind=finding&status=open&pageSize=200').set(admin());
    expect(alerts.body.items.some((a: any) => a.subjectType === 'finding' && a.subjectId === String(found.id) && a.message.includes('先开设后申请'))).toBe(true);
  });

  it('active_after_deregistration: posts after deregisteredAt, not one before it', async () => {
    const id = await openedAccount(f.unitA.id, f.operatorAToken, '2023-02-01T00:00:00Z', '2023-02-02T00:00:00Z');
    await transition(id, { action: 'request_deregistration', reason: '机构调整', at: '2023-06-01T00:00:00Z' }, f.operatorAToken);
    await transition(id, { action: 'deregister', at: '2023-06-30T16:00:00.000Z' });
    await importPosts(id, [['注销前发布', '2023-06-30T23:59:00+08:00']]);
    await scan();
    expect(of(await findings('kind=active_after_deregistration'), 'active_after_deregistration', id)).toEqual([]);

    await importPosts(id, [['注销后还在发', '2023-07-02T09:00:00+08:00']]);
    await scan();
    const [found] = of(await findings('kind=active_after_deregistration'), 'active_after_deregistration', id);
    expect(found.evidence).toMatchObject({
      deregisteredAt: '2023-06-30T16:00:00.000Z',
      postsAfter: 1,
      latestPost: { title: '注销后还在发', publishedAt: '2023-07-02T01:00:00.000Z' },
    });
    expect(found.evidence.posts[0].url).toMatch(/^https:\/\//);
  });

  it('multiple_accounts_on_platform: two live accounts with the justification; a rejected second application does not count', async () => {
    const unit = await createUnit(t);
    const first = await createAccount(t, t.adminToken, { unitId: unit.id, platform: 'weibo', name: `一号${uniqueTag()}` });
    const second = await createAccount(t, t.adminToken, { unitId: unit.id, platform: 'weibo', name: `二号${uniqueTag()}`, justification: '应急发布专用' });
    await scan();
    const [found] = (await findings(`kind=multiple_accounts_on_platform&unitId=${unit.id}`)).filter((i) => i.status === 'open');
    expect(found).toMatchObject({ unitId: unit.id, accountId: second.id, subjectType: 'unit_platform', subjectId: `${unit.id}:weibo` });
    expect(found.evidence).toMatchObject({ platform: 'weibo', justification: '应急发布专用', accounts: [{ id: first.id }, { id: second.id, justification: '应急发布专用' }] });

    await transition(second.id, { action: 'reject', reason: '理由不充分' });
    await scan();
    const after = await findings(`kind=multiple_accounts_on_platform&unitId=${unit.id}`);
    expect(after.map((i) => [i.id, i.status])).toEqual([[found.id, 'resolved']]);
    expect((await t.http.get(`/api/findings/${found.id}`).set(admin())).body).toMatchObject({ status: 'resolved', resolvedAt: expect.any(String) });
    const alerts = await t.http.get('/api/alerts?kind=finding&status=resolved&pageSize=200').set(admin());
    expect(alerts.body.items.some((a: any) => a.subjectId === String(found.id))).toBe(true);
  });

  it('orphaned_supervision: abolished unit, missing contact; resolves when fixed; accept keeps it closed until the evidence changes', async () => {
    const unit = await createUnit(t);
    const id = await openedAccount(unit.id, t.adminToken, '2023-02-01T00:00:00Z', '2023-02-02T00:00:00Z', { operatorPhone: undefined });
    await scan();
    const [contact] = of(await findings(`kind=orphaned_supervision&accountId=${id}`), 'orphaned_supervision', id);
    expect(contact.evidence).toMatchObject({ reasons: ['no_operator_contact'], missingContact: ['operatorPhone'] });

    // The lifecycle hook re-runs the account's detectors after the edit; the scan then sees it resolved.
    await t.http.patch(`/api/accounts/${id}`).set(admin()).send({ operatorPhone: '0917-7654321' }).expect(200);
    await scan();
    expect((await t.http.get(`/api/findings/${contact.id}`).set(admin())).body.status).toBe('resolved');

    await t.http.post(`/api/units/${unit.id}/abolish`).set(admin()).send({ reason: '机构改革' }).expect(200);
    await scan();
    const [orphan] = of(await findings(`kind=orphaned_supervision&status=open&accountId=${id}`), 'orphaned_supervision', id);
    expect(orphan.evidence).toMatchObject({ reasons: ['unit_abolished'], unit: { id: unit.id, status: 'abolished' } });
    expect(orphan.id).not.toBe(contact.id);

    // Accept (reviewer, with a reason, audited): it stays closed on the next scans.
    expectError(await t.http.post(`/api/findings/${orphan.id}/accept`).set(admin()).send({ reason: '  ' }), 400);
    expectError(await t.http.post(`/api/findings/${orphan.id}/accept`).set(bearer(f.operatorAToken)).send({ reason: '知道了' }), 403);
    const accepted = await t.http.post(`/api/findings/${orphan.id}/accept`).set(bearer(f.reviewerToken)).send({ reason: '承接单位已接管,正在办理迁移' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptReason: '承接单位已接管,正在办理迁移', acceptedAt: expect.any(String), acceptedBy: expect.any(String) });
    expectError(await t.http.post(`/api/findings/${orphan.id}/accept`).set(bearer(f.reviewerToken)).send({ reason: '再来一次' }), 409);
    const history = await t.app.get(AuditService).history('finding', orphan.id);
    expect(history).toMatchObject([{ action: 'accept', fromState: 'open', toState: 'accepted', reason: '承接单位已接管,正在办理迁移' }]);
    await scan();
    expect(of(await findings(`kind=orphaned_supervision&accountId=${id}`), 'orphaned_supervision', id).filter((i) => i.status === 'open')).toEqual([]);

    // The evidence changes (the contact is removed as well): a new finding opens.
    await t.http.patch(`/api/accounts/${id}`).set(admin()).send({ operatorName: null }).expect(200);
    await scan();
    const reopened = of(await findings(`kind=orphaned_supervision&status=open&accountId=${id}`), 'orphaned_supervision', id);
    expect(reopened).toHaveLength(1);
    expect(reopened[0].id).not.toBe(orphan.id);
    expect(reopened[0].evidence.reasons).toEqual(['unit_abolished', 'no_operator_contact']);
    expect((await t.http.get(`/api/findings/${orphan.id}`).set(admin())).body.status).toBe('accepted');
  });

  it('inactive: an opened account whose latest post is older than INACTIVE_DAYS; a fresh post resolves it', async () => {
    const [id] = await ledgerAccounts(t, f.unitB.name, '抖音', 1);
    await importPosts(id, [['很久以前', '2021-04-01T10:00:00+08:00']]);
    await scan();
    const [found] = of(await findings('kind=inactive&status=open'), 'inactive', id);
    expect(found.evidence).toMatchObject({ inactiveDays: 14, latestPost: { title: '很久以前' } });
    expect(found.evidence.daysWithoutUpdate).toBeGreaterThan(14);

    await importPosts(id, [['今天发布', new Date(Date.now() - 60_000).toISOString()]]);
    await scan();
    expect((await t.http.get(`/api/findings/${found.id}`).set(admin())).body.status).toBe('resolved');
  });

  it('error_word: a post title with a wrong form from the default library', async () => {
    const [id] = await ledgerAccounts(t, f.unitB.name, '微博', 1);
    await importPosts(id, [
      ['热烈庆祝中华人民 共合国成立74周年', new Date(Date.now() - 120_000).toISOString()],
      ['中华人民共和国国庆', new Date(Date.now() - 60_000).toISOString()],
    ]);
    await scan();
    const hits = of(await findings('kind=error_word&status=open'), 'error_word', id);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subjectType: 'post', unitId: f.unitB.id });
    expect(hits[0].evidence).toMatchObject({
      post: { title: '热烈庆祝中华人民 共合国成立74周年', url: expect.stringContaining('https://') },
      words: [{ wrong: '中华人民共合国', correct: '中华人民共和国', category: 'country_name' }],
    });
  });

  it('keeps operators to their unit, and refuses bad input with 4xx', async () => {
    const own = await findings('', f.operatorBToken);
    expect(own.every((i) => i.unitId === f.unitB.id)).toBe(true);
    expectError(await t.http.get(`/api/findings?unitId=${f.unitA.id}`).set(bearer(f.operatorBToken)), 403);
    const aFinding = (await findings(`unitId=${f.unitA.id}`))[0];
    expectError(await t.http.get(`/api/findings/${aFinding.id}`).set(bearer(f.operatorBToken)), 403);
    expectError(await t.http.get('/api/findings?kind=bogus').set(admin()), 400);
    expectError(await t.http.get('/api/findings?status=closed').set(admin()), 400);
    expectError(await t.http.get('/api/findings?page=0').set(admin()), 400);
    expectError(await t.http.get('/api/findings/abc').set(admin()), 400);
    expectError(await t.http.get('/api/findings/99999999').set(admin()), 404);
    expectError(await t.http.post('/api/findings/99999999/accept').set(admin()).send({ reason: '无' }), 404);
    expectError(await t.http.post(`/api/findings/${aFinding.id}/accept`).set(admin()).send({ reason: '无', extra: 1 }), 400);
    expectError(await t.http.post(`/api/findings/${aFinding.id}/accept`).set(admin()).send({}), 400);
    expectError(await t.http.post('/api/findings/scan?wait=maybe').set(admin()), 400);
    expectError(await t.http.post('/api/findings/scan').set(bearer(f.viewerToken)), 403);
    expect((await t.http.get('/api/findings').set(bearer(f.viewerToken))).status).toBe(200);
    expect((await t.http.get('/api/findings')).status).toBe(401);

    const queued = await t.http.post('/api/findings/scan').set(admin());
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ id: expect.any(Number), status: expect.stringMatching(/queued|running|done/) });
    const deadline = Date.now() + 20000;
    let run = (await t.http.get(`/api/findings/scans/${queued.body.id}`).set(admin())).body;
    while (run.status !== 'done' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      run = (await t.http.get(`/api/findings/scans/${queued.body.id}`).set(admin())).body;
    }
    expect(run).toMatchObject({ status: 'done', accounts: expect.any(Number), finishedAt: expect.any(String) });
    expectError(await t.http.get('/api/findings/scans/99999999').set(admin()), 404);
  });
});
