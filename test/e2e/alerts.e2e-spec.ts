import { EventBus } from '../../src/common/events/event-bus';
import { AlertOpenedEvent, AlertResolvedEvent } from '../../src/modules/alerts/alerts.events';
import { AlertsService } from '../../src/modules/alerts/alerts.service';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { Fixture, seedFixture } from './support/fixtures';

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
    const first = await alerts.raise({ ...subject, unitId: f.unitA.id, message: '栏目链接无法访问:404' });
    const again = await alerts.raise({ ...subject, unitId: f.unitA.id, message: '栏目链接无法访问:超时' });
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
      message: '栏目链接无法访问:超时',
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
});
