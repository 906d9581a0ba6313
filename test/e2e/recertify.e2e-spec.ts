import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { RecertificationService } from '../../src/modules/recertification/recertification.service';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, historyOf, seedFixture, uniqueTag } from './support/fixtures';

const DAY = 86_400_000;

describe.each(databasesUnderTest())('recertification: cycle, confirmations, contacts, reminders, handover (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    // The cycle counts from its start (api.md v1.1): a start long ago lets the accounts' own dates decide.
    t = await startApp(kind, { RECERTIFY_START_DATE: '2000-01-01' });
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const admin = () => bearer(t.adminToken);
  const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();
  const service = () => t.app.get(RecertificationService);
  const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

  /** An account of the unit opened `openedDaysAgo` days ago, with 张三 as operator unless told otherwise. */
  const opened = async (unitId: number, openedDaysAgo: number, extra: Record<string, unknown> = {}) => {
    const account = await createAccount(t, t.adminToken, {
      unitId,
      platform: 'other',
      name: `核查${uniqueTag()}`,
      operatorName: '张三',
      operatorPhone: '0917-1111111',
      appliedAt: daysAgo(openedDaysAgo + 2),
      justification: '测试用多账号',
      ...extra,
    });
    for (const body of [
      { action: 'approve', at: daysAgo(openedDaysAgo + 1) },
      { action: 'open', at: daysAgo(openedDaysAgo), platformAccountId: `gh_${uniqueTag()}`, homepageUrl: 'https://mp.example.gov.cn/home' },
    ]) {
      const res = await t.http.post(`/api/accounts/${account.id}/transitions`).set(bearer(f.reviewerToken)).send(body);
      if (res.status !== 200) throw new Error(`transition: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return account.id as number;
  };
  const list = async (query: string, token = t.adminToken) => {
    const res = await t.http.get(`/api/recertifications?pageSize=200&${query}`).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body;
  };
  const recertify = (id: number, body: Record<string, unknown>, token = t.adminToken) => t.http.post(`/api/accounts/${id}/recertify`).set(bearer(token)).send(body);
  const statusOf = async (id: number) => (await t.http.get(`/api/accounts/${id}/recertification`).set(admin())).body;
  const contactsOf = async (id: number, query = '') => {
    const res = await t.http.get(`/api/accounts/${id}/contacts${query}`).set(admin());
    expect(res.status).toBe(200);
    return res.body as any[];
  };
  const alertsOf = async (id: number, status: string) => {
    const res = await t.http.get(`/api/alerts?kind=recertify_due&status=${status}&pageSize=200`).set(admin());
    expect(res.status).toBe(200);
    return (res.body.items as any[]).filter((a) => a.subjectType === 'account' && String(a.subjectId) === String(id));
  };

  it('due dates: ok, due within the reminder window, overdue; a confirmation starts the next cycle', async () => {
    const fresh = await opened(f.unitB.id, 10);
    const soon = await opened(f.unitB.id, 80);
    const late = await opened(f.unitB.id, 100);
    const scoped = `unitId=${f.unitB.id}`;
    const all = await list(scoped);
    expect(all.total).toBe(3);
    // Ordered by due date, earliest first.
    expect(all.items.map((i: any) => i.accountId)).toEqual([late, soon, fresh]);
    const byId = new Map(all.items.map((i: any) => [i.accountId, i]));
    expect(byId.get(fresh)).toMatchObject({ status: 'ok', daysLeft: 80, certifiedAt: null, unitName: f.unitB.name });
    expect(byId.get(soon)).toMatchObject({ status: 'due', daysLeft: 10 });
    expect(byId.get(late)).toMatchObject({ status: 'overdue', daysLeft: -10 });
    const openedAt = new Date((byId.get(late) as any).baseAt).getTime();
    expect(new Date((byId.get(late) as any).dueAt).getTime()).toBe(openedAt + 90 * DAY);

    expect((await list(`${scoped}&status=overdue`)).items.map((i: any) => i.accountId)).toEqual([late]);
    expect((await list(`${scoped}&status=due`)).items.map((i: any) => i.accountId)).toEqual([soon]);
    expect((await list(`${scoped}&status=pending`)).items.map((i: any) => i.accountId)).toEqual([late, soon]);
    expect((await list(`${scoped}&status=ok`)).items.map((i: any) => i.accountId)).toEqual([fresh]);

    const res = await recertify(late, {}, f.operatorBToken);
    expect(res.status).toBe(200);
    const certifiedAt = new Date(res.body.account.certifiedAt).getTime();
    expect(Date.now() - certifiedAt).toBeLessThan(60_000);
    expect(res.body.recertification).toMatchObject({ status: 'ok', daysLeft: 90 });
    expect(new Date(res.body.recertification.dueAt).getTime()).toBe(certifiedAt + 90 * DAY);
    expect((await list(`${scoped}&status=overdue`)).items).toEqual([]);
    expect((await list(`${scoped}&status=ok`)).items.map((i: any) => i.accountId).sort()).toEqual([fresh, late].sort());
    // Not yet opened: no cycle, and nothing to confirm.
    const applied = await createAccount(t, t.adminToken, { unitId: f.unitB.id, platform: 'other', name: `未开设${uniqueTag()}`, justification: '测试' });
    expect((await statusOf(applied.id)).status).toBeNull();
    expectError(await recertify(applied.id, {}), 409);
    expect((await list(scoped)).items.map((i: any) => i.accountId)).not.toContain(applied.id);
  });

  it('a confirmation with no change still stamps the date, audited as recertify', async () => {
    const id = await opened(f.unitA.id, 95);
    const res = await recertify(id, { name: undefined }, f.operatorAToken);
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({ certifiedAt: expect.any(String), certifiedBy: { id: f.operatorA.id, username: f.operatorA.username }, operatorName: '张三' });
    const entry = (await historyOf(t, id)).pop();
    expect(entry).toMatchObject({ action: 'recertify', actor: { username: f.operatorA.username } });
    expect(Object.keys(entry.changes).sort()).toEqual(['certifiedAt', 'certifiedById']);
    const status = await statusOf(id);
    expect(status.certifications).toHaveLength(1);
    expect(status.certifications[0]).toMatchObject({ certifiedBy: { username: f.operatorA.username }, changes: null, dueAt: expect.any(String) });
    // Contacts did not change: the one period since the application.
    const contacts = await contactsOf(id);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ operatorName: '张三', validTo: null, source: 'initial' });
    // A second confirmation stamps again.
    await new Promise((r) => setTimeout(r, 5));
    const again = await recertify(id, {}, t.adminToken);
    expect(new Date(again.body.account.certifiedAt).getTime()).toBeGreaterThan(new Date(res.body.account.certifiedAt).getTime());
    expect((await statusOf(id)).certifications).toHaveLength(2);
  });

  it('a correction writes history: account fields, columns and the contact history (also for PATCH)', async () => {
    const id = await opened(f.unitA.id, 60);
    const kept = (await t.http.post(`/api/accounts/${id}/columns`).set(admin()).send({ name: '政务公开', url: 'https://www.example.gov.cn/zwgk/' })).body;
    const dropped = (await t.http.post(`/api/accounts/${id}/columns`).set(admin()).send({ name: '旧栏目', url: 'https://www.example.gov.cn/old/' })).body;
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const res = await recertify(
      id,
      {
        certifiedSubject: '  某某镇人民政府  ',
        operatorName: '李四',
        operatorPhone: '0917-2222222',
        columns: [
          { id: kept.id, name: '政务公开(更新)', url: 'https://www.example.gov.cn/zwgk/' },
          { name: '办事服务', url: 'https://www.example.gov.cn/bsfw/' },
        ],
      },
      f.operatorAToken,
    );
    expect(res.status).toBe(200);
    expect(res.body.account).toMatchObject({ certifiedSubject: '某某镇人民政府', operatorName: '李四', operatorPhone: '0917-2222222' });
    const entry = (await historyOf(t, id)).filter((e) => e.action === 'recertify').pop();
    expect(entry.changes).toMatchObject({
      operatorName: { from: '张三', to: '李四' },
      operatorPhone: { from: '0917-1111111', to: '0917-2222222' },
      certifiedSubject: { from: null, to: '某某镇人民政府' },
    });
    const status = await statusOf(id);
    expect(status.certifications[0].changes.account.operatorName).toEqual({ from: '张三', to: '李四' });
    expect(status.certifications[0].changes.columns).toMatchObject({
      created: [{ name: '办事服务' }],
      updated: [{ id: kept.id, changes: { name: { from: '政务公开', to: '政务公开(更新)' } } }],
      deleted: [{ id: dropped.id }],
    });
    const columns = (await t.http.get(`/api/accounts/${id}/columns`).set(admin())).body.items.map((c: any) => c.name).sort();
    expect(columns).toEqual(['办事服务', '政务公开(更新)']);

    let contacts = await contactsOf(id);
    expect(contacts.map((c) => [c.operatorName, c.source, c.validTo === null])).toEqual([
      ['李四', 'recertify', true],
      ['张三', 'initial', false],
    ]);
    expect(contacts[0].recordedBy).toMatchObject({ username: f.operatorA.username });
    expect(contacts[1].validTo).toBe(contacts[0].validFrom);
    // Who was responsible at a date.
    expect((await contactsOf(id, `?at=${encodeURIComponent(before)}`)).map((c) => c.operatorName)).toEqual(['张三']);
    expect((await contactsOf(id, `?at=${encodeURIComponent(new Date().toISOString())}`)).map((c) => c.operatorName)).toEqual(['李四']);

    // An ordinary edit of the phone is kept too; an edit of something else is not a contact change.
    expect((await t.http.patch(`/api/accounts/${id}`).set(bearer(f.operatorAToken)).send({ operatorPhone: '0917-3333333' })).status).toBe(200);
    expect((await t.http.patch(`/api/accounts/${id}`).set(bearer(f.operatorAToken)).send({ purpose: '发布政务信息' })).status).toBe(200);
    contacts = await contactsOf(id);
    expect(contacts.map((c) => [c.operatorName, c.operatorPhone, c.source])).toEqual([
      ['李四', '0917-3333333', 'update'],
      ['李四', '0917-2222222', 'recertify'],
      ['张三', '0917-1111111', 'initial'],
    ]);
    expect((await t.http.get(`/api/accounts/${id}/contacts`).set(bearer(f.operatorBToken))).status).toBe(403);
  });

  it('reminders open within the window and when overdue, and resolve once confirmed', async () => {
    const fresh = await opened(f.unitA.id, 30);
    const soon = await opened(f.unitA.id, 85);
    const now = new Date();
    const first = await service().checkReminders(now);
    expect(first.opened).toBeGreaterThanOrEqual(1);
    expect(await alertsOf(fresh, 'open')).toEqual([]);
    const [alert] = await alertsOf(soon, 'open');
    expect(alert).toMatchObject({ kind: 'recertify_due', unitId: f.unitA.id, status: 'open' });
    expect(alert.message).toContain('到期核查');
    // The unit's operator sees it; the other unit's does not.
    const own = (await t.http.get('/api/alerts?kind=recertify_due&status=open&pageSize=200').set(bearer(f.operatorAToken))).body.items;
    expect(own.map((a: any) => String(a.subjectId))).toContain(String(soon));
    const other = (await t.http.get('/api/alerts?kind=recertify_due&status=open&pageSize=200').set(bearer(f.operatorBToken))).body.items;
    expect(other.map((a: any) => String(a.subjectId))).not.toContain(String(soon));
    // Checking again keeps one alert; once overdue its message says so.
    await service().checkReminders(new Date(now.getTime() + 10 * DAY));
    const overdue = await alertsOf(soon, 'open');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].id).toBe(alert.id);
    expect(overdue[0].message).toContain('已逾期');

    expect((await recertify(soon, {}, f.operatorAToken)).status).toBe(200);
    expect(await alertsOf(soon, 'open')).toEqual([]);
    expect(await alertsOf(soon, 'resolved')).toHaveLength(1);
    await service().checkReminders(now);
    expect(await alertsOf(soon, 'open')).toEqual([]);

    // The fresh account's turn comes 76 days later; deregistering it resolves its reminder.
    await service().checkReminders(new Date(now.getTime() + 50 * DAY));
    expect(await alertsOf(fresh, 'open')).toHaveLength(1);
    // Deregistration is maker-checker: the reviewer asks, the admin confirms.
    for (const [token, body] of [
      [f.reviewerToken, { action: 'request_deregistration', reason: '整合' }],
      [t.adminToken, { action: 'deregister' }],
    ] as const) {
      expect((await t.http.post(`/api/accounts/${fresh}/transitions`).set(bearer(token)).send(body)).status).toBe(200);
    }
    await service().checkReminders(new Date(now.getTime() + 50 * DAY));
    expect(await alertsOf(fresh, 'open')).toEqual([]);
  });

  it('handover: disabling or moving an operator flags the accounts naming them until a new operator is recorded', async () => {
    const tag = uniqueTag();
    const created = await t.http
      .post('/api/users')
      .set(admin())
      .send({ username: `wangwu_${tag}`, password: 'Password#1', role: 'operator', unitId: f.unitA.id, displayName: '王五' });
    expect(created.status).toBe(201);
    const wang = { id: created.body.id as number, token: await t.login(`wangwu_${tag}`, 'Password#1') };
    // One account names him; another he confirms himself, which links it to his user.
    const named = await opened(f.unitA.id, 20, { operatorName: '王五' });
    const linked = await opened(f.unitA.id, 20, { operatorName: '赵六' });
    const confirmed = await recertify(linked, { operatorName: '王五', operatorPhone: '0917-5555555' }, wang.token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.account.operatorUserId).toBe(wang.id);
    const bystander = await opened(f.unitA.id, 20, { operatorName: '孙七' });

    expect((await t.http.patch(`/api/users/${wang.id}`).set(admin()).send({ disabled: true })).status).toBe(200);
    const flagged = (await list(`unitId=${f.unitA.id}&handover=true`)).items;
    expect(flagged.map((i: any) => i.accountId).sort()).toEqual([named, linked].sort());
    expect(flagged[0].handoverFlags[0]).toMatchObject({ userId: wang.id, userName: '王五', reason: 'user_disabled' });
    expect((await statusOf(bystander)).handoverFlags).toEqual([]);

    // The orphaned_supervision finding opens for them.
    await drain();
    const findings = async (id: number) => (await t.http.get(`/api/findings?kind=orphaned_supervision&status=open&accountId=${id}`).set(admin())).body.items as any[];
    const [finding] = await findings(named);
    expect(finding.evidence.reasons).toContain('operator_handover');
    expect(finding.evidence.handover[0]).toMatchObject({ userId: wang.id, reason: 'user_disabled' });
    expect(await findings(bystander)).toEqual([]);

    // Recording a new operator clears the flag (PATCH or a confirmation), and the finding resolves.
    expect((await t.http.patch(`/api/accounts/${named}`).set(bearer(f.operatorAToken)).send({ operatorName: '周八' })).status).toBe(200);
    expect((await recertify(linked, { operatorName: '吴九' }, f.operatorAToken)).status).toBe(200);
    expect((await statusOf(named)).handoverFlags).toEqual([]);
    expect((await statusOf(linked)).handoverFlags).toEqual([]);
    expect((await list(`unitId=${f.unitA.id}&handover=true`)).items).toEqual([]);
    await drain();
    expect(await findings(named)).toEqual([]);

    // Moving an operator to another unit flags too.
    const movedUser = await t.http
      .post('/api/users')
      .set(admin())
      .send({ username: `zheng_${tag}`, password: 'Password#1', role: 'operator', unitId: f.unitA.id, displayName: '郑十' });
    const moving = await opened(f.unitA.id, 20, { operatorName: '郑十' });
    expect((await t.http.patch(`/api/users/${movedUser.body.id}`).set(admin()).send({ unitId: f.unitB.id })).status).toBe(200);
    expect((await statusOf(moving)).handoverFlags).toMatchObject([{ reason: 'user_moved', userName: '郑十' }]);
    // Only an operator change clears it: other edits do not.
    await t.http.patch(`/api/accounts/${moving}`).set(admin()).send({ operatorPhone: '0917-0000000' });
    expect((await statusOf(moving)).handoverFlags).toHaveLength(1);
  });

  it('scope and input: operators confirm only their own unit; viewers not at all; bad input is 400', async () => {
    const id = await opened(f.unitA.id, 50);
    expectError(await recertify(id, {}, f.operatorBToken), 403);
    expectError(await recertify(id, {}, f.viewerToken), 403);
    expect((await statusOf(id)).certifiedAt).toBeNull();
    expectError(await t.http.get(`/api/recertifications?unitId=${f.unitA.id}`).set(bearer(f.operatorBToken)), 403);
    const mine = await list('', f.operatorBToken);
    expect(mine.items.every((i: any) => i.unitId === f.unitB.id)).toBe(true);
    expect((await list('', f.viewerToken)).total).toBeGreaterThan(0);
    expect((await recertify(id, {}, f.reviewerToken)).status).toBe(200);

    expectError(await recertify(id, { name: '   ' }), 400);
    expectError(await recertify(id, { homepageUrl: 'ftp://x' }), 400);
    expectError(await recertify(id, { columns: [{ name: '栏目', url: 'not a url' }] }), 400);
    expectError(await recertify(id, { columns: [{ id: 999999, name: '栏目', url: 'https://www.example.gov.cn/' }] }), 400);
    expectError(await recertify(id, { operatorUserId: f.operatorA.id + 100000 }), 400);
    expectError(await recertify(id, { unknown: 1 }), 400);
    expectError(await t.http.get('/api/recertifications?status=soon').set(admin()), 400);
    expectError(await t.http.get(`/api/accounts/${id}/contacts?at=yesterday`).set(admin()), 400);
    expectError(await recertify(99999999, {}), 404);
  });

  it('overdueAt: accounts overdue at a past instant, from the confirmations before it', async () => {
    const id = await opened(f.unitB.id, 200);
    const at = new Date(Date.now() - 50 * DAY); // 150 days after opening
    expect((await service().overdueAt(at, [f.unitB.id])).map((a) => a.accountId)).toContain(id);
    expect((await service().overdueAt(new Date(Date.now() - 150 * DAY), [f.unitB.id])).map((a) => a.accountId)).not.toContain(id);
    expect((await recertify(id, {})).status).toBe(200);
    // A confirmation today does not rewrite the past, but clears the present.
    expect((await service().overdueAt(at, [f.unitB.id])).map((a) => a.accountId)).toContain(id);
    expect((await service().overdueAt(new Date(), [f.unitB.id])).map((a) => a.accountId)).not.toContain(id);
  });

  it('overdue accounts appear in the quarterly report among the unit’s problems and in the bulletin', async () => {
    const id = await opened(f.unitA.id, 200);
    const report = await t.http.get('/api/reports/quarterly').set(admin());
    expect(report.status).toBe(200);
    expect(report.body.recertifyOverdueAccounts.map((a: { accountId: number }) => a.accountId)).toContain(id);
    const row = report.body.units.find((u: { unitId: number }) => u.unitId === f.unitA.id);
    expect(row.recertifyOverdue).toBeGreaterThan(0);
    expect(row.problems.join(';')).toContain('逾期未核查');
    expect((await recertify(id, {})).status).toBe(200);
    const after = await t.http.get('/api/reports/quarterly').set(admin());
    expect(after.body.recertifyOverdueAccounts.map((a: { accountId: number }) => a.accountId)).not.toContain(id);
  });
});
