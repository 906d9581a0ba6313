import { EventBus } from '../../src/common/events/event-bus';
import { AlertOpenedEvent, AlertResolvedEvent } from '../../src/modules/alerts/alerts.events';
import { AlertsService } from '../../src/modules/alerts/alerts.service';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, Fixture, seedFixture } from './support/fixtures';

describe.each(databasesUnderTest())('alerts (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let alerts: AlertsService;
  const events: string[] = [];
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
    alerts = t.app.get(AlertsService);
    const bus = t.app.get(EventBus);
    bus.on(AlertOpenedEvent, ({ alert }) => void events.push(`alert.opened#${alert.subjectId}`));
    bus.on(AlertResolvedEvent, ({ alert }) => void events.push(`alert.resolved#${alert.subjectId}`));
  });
  afterAll(() => t.close());

  it('opens one alert per subject while the condition lasts, and resolves it once', async () => {
    const subject = { kind: 'link_broken' as const, subjectType: 'column', subjectId: 41 };
    const first = await alerts.raise({ ...subject, unitId: f.unitA.id, message: '栏目链接无法访问：404' });
    const again = await alerts.raise({ ...subject, unitId: f.unitA.id, message: '栏目链接无法访问：超时' });
    expect(first.opened).toBe(true);
    expect(again.opened).toBe(false);
    expect(again.alert.id).toBe(first.alert.id);
    const concurrent = await Promise.all([1, 2, 3].map(() => alerts.raise({ ...subject, subjectId: 42, unitId: f.unitA.id, message: 'x' })));
    expect(concurrent.filter((r) => r.opened)).toHaveLength(1);

    const open = await t.http.get('/api/alerts?status=open&kind=link_broken').set(bearer(f.reviewerToken));
    expect(open.status).toBe(200);
    expect(open.body.total).toBe(2);
    expect(open.body.items[1]).toMatchObject({
      kind: 'link_broken',
      status: 'open',
      subjectType: 'column',
      subjectId: '41',
      unitId: f.unitA.id,
      message: '栏目链接无法访问：超时',
      resolvedAt: null,
    });

    expect(await alerts.resolve(subject)).not.toBeNull();
    expect(await alerts.resolve(subject)).toBeNull();
    const reopened = await alerts.raise({ ...subject, unitId: f.unitA.id, message: '又坏了' });
    expect(reopened.opened).toBe(true);
    expect(reopened.alert.id).not.toBe(first.alert.id);
    expect(events.filter((e) => e.endsWith('#41'))).toEqual(['alert.opened#41', 'alert.resolved#41', 'alert.opened#41']);

    const resolved = await t.http.get('/api/alerts?status=resolved').set(bearer(f.viewerToken));
    expect(resolved.body.items.map((a: { subjectId: string }) => a.subjectId)).toEqual(['41']);
  });

  it('shows operators only their own unit’s alerts', async () => {
    await alerts.raise({ kind: 'poll_failing', subjectType: 'account', subjectId: 7, unitId: f.unitB.id, message: '采集连续失败' });
    const own = await t.http.get('/api/alerts?kind=poll_failing').set(bearer(f.operatorAToken));
    expect(own.body.total).toBe(0);
    expect((await t.http.get(`/api/alerts?unitId=${f.unitB.id}`).set(bearer(f.operatorAToken))).status).toBe(403);
    expect((await t.http.get('/api/alerts?kind=poll_failing').set(bearer(f.operatorBToken))).body.total).toBe(1);
    expect((await t.http.get('/api/alerts?status=closed').set(bearer(f.adminToken))).status).toBe(400);
  });
  it('counts alerts per kind under the status and unit filters, and names the account each concerns', async () => {
    const tag = Date.now();
    const account = await createAccount(t, f.adminToken, { unitId: f.unitB.id, platform: 'bilibili', name: `乙镇哔哩${tag}` });
    await alerts.raise({ kind: 'account_inactive', subjectType: 'account', subjectId: account.id, unitId: f.unitB.id, message: '长期未更新' });
    await alerts.raise({ kind: 'link_broken', subjectType: 'column', subjectId: 9000 + (tag % 1000), unitId: f.unitB.id, message: '栏目失效', details: { accountId: account.id } });
    const list = async (query: string, token = f.adminToken) => {
      const res = await t.http.get(`/api/alerts?${query}`).set(bearer(token));
      expect(res.status).toBe(200);
      return res.body;
    };
    const countsOf = (body: any) => Object.fromEntries(body.kindCounts.map((c: any) => [c.kind, c.count]));

    // Unit B, open: the poll_failing alert of the test above plus the two raised here, whatever kind is chosen.
    const unitB = await list(`status=open&unitId=${f.unitB.id}`);
    expect(countsOf(unitB)).toEqual({ poll_failing: 1, account_inactive: 1, link_broken: 1 });
    const onlyLinks = await list(`status=open&unitId=${f.unitB.id}&kind=link_broken`);
    expect(onlyLinks.total).toBe(1);
    expect(countsOf(onlyLinks)).toEqual(countsOf(unitB));
    expect(onlyLinks.items[0]).toMatchObject({ kind: 'link_broken', accountId: account.id, accountName: account.name });
    const inactive = (await list(`kind=account_inactive&unitId=${f.unitB.id}`)).items[0];
    expect(inactive).toMatchObject({ subjectType: 'account', accountId: account.id, accountName: account.name });
    expect((await list(`kind=poll_failing&unitId=${f.unitB.id}`)).items[0].accountId).toBe(7);

    // Unit A's counts leave unit B's alerts out; an operator of unit B counts their own unit only.
    expect(countsOf(await list(`status=open&unitId=${f.unitA.id}`)).account_inactive).toBeUndefined();
    expect(countsOf(await list('status=open', f.operatorBToken))).toEqual(countsOf(unitB));
    // Resolved alerts are counted under status=resolved, not open.
    expect(countsOf(await list('status=resolved')).link_broken).toBeGreaterThanOrEqual(1);
    expect((await t.http.get('/api/alerts?kind=nothing').set(bearer(f.adminToken))).status).toBe(400);
  });
});
