import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURE_CASES, LinkFixture, startLinkFixture } from '../fixtures/link-server/server';
import { HookReceiver, MailReceiver, startHookReceiver, startMailReceiver } from '../fixtures/receivers/receivers';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, seedFixture } from './support/fixtures';

const FAST_LINKS = {
  LINK_SWEEP_CRON: 'off',
  LINK_CHECK_ALLOW_PRIVATE: 'true',
  ALERT_ALLOW_PRIVATE: 'true',
  LINK_CHECK_TIMEOUT_MS: '300',
  LINK_CHECK_CONNECT_TIMEOUT_MS: '300',
  LINK_CHECK_BACKOFF_MS: '10',
  LINK_CHECK_RETRY_AFTER_CAP_MS: '50',
  LINK_CHECK_MIN_GAP_MS: '0',
  LINK_CHECK_CONFIRM_DELAY_MS: '0',
  LINK_CHECK_RETENTION: '3',
  ALERT_DELIVERY_RETRIES: '1',
  ALERT_DELIVERY_BACKOFF_MS: '20',
  ALERT_DELIVERY_TIMEOUT_MS: '1000',
};

/** A site whose one page the test switches between ok, broken and a single blip. */
async function startSwitchSite() {
  let mode: 'ok' | 'broken' | 'blip' = 'ok';
  let requests = 0;
  let blipLeft = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    if (!req.url?.startsWith('/notice')) {
      res.writeHead(404, { 'content-length': 0 });
      return res.end();
    }
    // A blip: one whole check fails (HEAD 404, GET 404), the confirming re-check succeeds.
    if (mode === 'blip' && blipLeft === 0) blipLeft = 2;
    if (mode === 'broken' || blipLeft > 0) {
      if (blipLeft > 0 && --blipLeft === 0) mode = 'ok';
      res.writeHead(404, { 'content-type': 'text/html', 'content-length': 0 });
      return res.end();
    }
    const body = '<html><head><title>通知公告</title></head><body><h1>通知公告</h1><p>关于开展政务公开工作的通知</p></body></html>';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notice`,
    set: (m: typeof mode) => (mode = m),
    get requests() {
      return requests;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function runAndWait(t: TestApp, token: string, body: Record<string, unknown>): Promise<any> {
  const started = await t.http.post('/api/link-checks').set(bearer(token)).send(body);
  if (started.status !== 202) throw new Error(`link-checks: ${started.status} ${JSON.stringify(started.body)}`);
  expect(started.body).toMatchObject({ id: expect.any(Number), status: 'queued' });
  for (let i = 0; i < 400; i++) {
    const run = await t.http.get(`/api/link-checks/${started.body.id}`).set(bearer(token));
    if (run.body.status === 'done' || run.body.status === 'failed') return run.body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('run did not finish');
}

describe.each(databasesUnderTest())('link checks (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let site: LinkFixture;
  let hooks: HookReceiver;
  let mail: MailReceiver;
  let sw: Awaited<ReturnType<typeof startSwitchSite>>;
  let accountId: number;
  beforeAll(async () => {
    [site, hooks, mail, sw] = await Promise.all([startLinkFixture({ largeBytes: 10 * 1024 * 1024 }), startHookReceiver(), startMailReceiver(), startSwitchSite()]);
    t = await startApp(kind, { ...FAST_LINKS, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.port), SMTP_FROM: 'alerts@example.gov.cn' });
    f = await seedFixture(t);
    accountId = (await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'wechat', name: '甲镇发布' })).id;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([site.close(), hooks.close(), mail.close(), sw.close()]);
  });

  const addColumn = async (name: string, url: string, token = f.operatorAToken) => {
    const res = await t.http.post(`/api/accounts/${accountId}/columns`).set(bearer(token)).send({ name, url });
    if (res.status !== 201) throw new Error(`column: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number };
  };

  it('sweeps every fixture case and classifies each one', async () => {
    const ids = new Map<number, (typeof FIXTURE_CASES)[number]>();
    for (const c of FIXTURE_CASES) ids.set((await addColumn(c.path, `${site.origin}${c.path}`)).id, c);
    const run = await runAndWait(t, f.operatorAToken, { columnIds: [...ids.keys()] });
    const expected = { ok: 0, broken: 0, unverifiable: 0 };
    for (const c of FIXTURE_CASES) expected[c.health]++;
    expect(run).toMatchObject({
      status: 'done',
      total: FIXTURE_CASES.length,
      done: FIXTURE_CASES.length,
      ...expected,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });

    const listed = await t.http.get(`/api/columns?accountId=${accountId}&pageSize=200`).set(bearer(f.viewerToken));
    for (const column of listed.body.items) {
      const c = ids.get(column.id)!;
      expect({ path: c.path, health: column.health, reason: column.lastReason }).toEqual({ path: c.path, health: c.health, reason: c.reason });
      expect(column.lastCheckedAt).toEqual(expect.any(String));
      if (c.health === 'broken') expect(column.brokenSince).toEqual(expect.any(String));
    }
    const gone = listed.body.items.find((c: { name: string }) => c.name === '/gone');
    expect(gone).toMatchObject({ lastHttpStatus: 410, lastReasonText: expect.stringContaining('410') });
    expect((await t.http.get(`/api/columns?accountId=${accountId}&health=unverifiable`).set(bearer(f.adminToken))).body.total).toBe(expected.unverifiable);

    // broken columns were each confirmed by a re-check before their alert opened: one alert each
    const alerts = await t.http.get('/api/alerts?kind=link_broken&status=open&pageSize=200').set(bearer(f.adminToken));
    expect(alerts.body.total).toBe(expected.broken);
    const notFound = [...ids].find(([, c]) => c.path === '/not-found')![0];
    const checks = await t.http.get(`/api/columns/${notFound}/checks`).set(bearer(f.operatorAToken));
    expect(checks.status).toBe(200);
    expect(checks.body.items).toHaveLength(2);
    expect(checks.body.items[0]).toMatchObject({
      health: 'broken',
      reason: 'not_found',
      httpStatus: 404,
      confirmation: true,
      finalUrl: `${site.origin}/not-found`,
      durationMs: expect.any(Number),
    });
    expect(checks.body.items[1]).toMatchObject({ confirmation: false });
  });

  it('opens one alert on ok→broken (after a confirming re-check), none on a blip, resolves on recovery, and delivers each once', async () => {
    const hook = await t.http
      .post('/api/alert-channels')
      .set(bearer(f.adminToken))
      .send({ name: '本地 webhook', kind: 'webhook', target: `${hooks.url}/hook`, kinds: ['link_broken'] });
    expect(hook.status).toBe(201);
    const email = await t.http
      .post('/api/alert-channels')
      .set(bearer(f.adminToken))
      .send({ name: '值班邮箱', kind: 'email', target: 'duty@example.gov.cn, office@example.gov.cn' });
    expect(email.status).toBe(201);
    const dead = await t.http
      .post('/api/alert-channels')
      .set(bearer(f.adminToken))
      .send({ name: '坏的通道', kind: 'wecom', target: 'http://127.0.0.1:1/cgi-bin/webhook/send?key=x' });
    expect(dead.status).toBe(201);

    const column = await addColumn('通知公告', sw.url);
    const subject = (a: { subjectId: string }) => a.subjectId === String(column.id);
    const check = () => runAndWait(t, f.operatorAToken, { columnIds: [column.id] });
    const alertsOf = async () => (await t.http.get('/api/alerts?kind=link_broken&pageSize=200').set(bearer(f.adminToken))).body.items.filter(subject);
    const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();

    sw.set('ok');
    expect(await check()).toMatchObject({ ok: 1 });
    sw.set('blip'); // one failing check; the re-check before alerting finds it fine
    expect(await check()).toMatchObject({ ok: 1, broken: 0 });
    expect(await alertsOf()).toHaveLength(0);
    const blip = (await t.http.get(`/api/columns/${column.id}/checks`).set(bearer(f.adminToken))).body.items;
    expect(blip.slice(0, 2)).toMatchObject([
      { health: 'ok', confirmation: true },
      { health: 'broken', confirmation: false },
    ]);

    sw.set('broken');
    expect(await check()).toMatchObject({ broken: 1 });
    expect(await check()).toMatchObject({ broken: 1 });
    expect(await check()).toMatchObject({ broken: 1 });
    let alerts = await alertsOf();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'open', unitId: f.unitA.id, message: expect.stringContaining('通知公告') });

    sw.set('ok');
    expect(await check()).toMatchObject({ ok: 1 });
    sw.set('broken');
    await check();
    sw.set('ok');
    await check();
    alerts = await alertsOf();
    expect(alerts.map((a: { status: string }) => a.status)).toEqual(['resolved', 'resolved']);
    const view = (await t.http.get(`/api/columns/${column.id}`).set(bearer(f.adminToken))).body;
    expect(view).toMatchObject({ health: 'ok', brokenSince: null, lastHttpStatus: 200 });

    await drain();
    const events = hooks.received.filter((h) => h.path === '/hook' && String(h.body.alert?.subjectId) === String(column.id)).map((h) => h.body.event);
    expect(events).toEqual(['alert.opened', 'alert.resolved', 'alert.opened', 'alert.resolved']);
    expect(hooks.received.find((h) => h.path === '/hook')!.body.alert).toMatchObject({ kind: 'link_broken', subjectType: 'column' });
    const mails = mail.mails.filter((m) => m.raw.includes(String(column.id)) || true);
    expect(mails.length).toBeGreaterThanOrEqual(4);
    expect(mails[0]).toMatchObject({ from: 'alerts@example.gov.cn', to: ['duty@example.gov.cn', 'office@example.gov.cn'] });

    // The dead channel failed after its retries, visibly, without stopping anything.
    const deliveries = await t.http.get(`/api/alert-channels/${dead.body.id}/deliveries`).set(bearer(f.adminToken));
    expect(deliveries.body.items.length).toBeGreaterThanOrEqual(4);
    expect(deliveries.body.items.every((d: { status: string; attempts: number; lastError: string }) => d.status === 'failed' && d.attempts === 2 && d.lastError)).toBe(true);
    const sent = await t.http.get(`/api/alert-channels/${hook.body.id}/deliveries`).set(bearer(f.adminToken));
    expect(sent.body.items.every((d: { status: string; sentAt: string }) => d.status === 'sent' && d.sentAt)).toBe(true);
    for (const id of [hook.body.id, email.body.id, dead.body.id]) expect((await t.http.delete(`/api/alert-channels/${id}`).set(bearer(f.adminToken))).status).toBe(204);
  });

  it('keeps the newest LINK_CHECK_RETENTION results per column', async () => {
    const column = await addColumn('附件', `${site.origin}/files/report.pdf`);
    const other = await addColumn('附件二', `${site.origin}/files/report.pdf?copy=2`);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push((await runAndWait(t, f.adminToken, { columnIds: [column.id, other.id] })).id);
    for (const id of [column.id, other.id]) {
      const checks = await t.http.get(`/api/columns/${id}/checks`).set(bearer(f.adminToken));
      expect(checks.body.total).toBe(3);
      // The three newest are kept, from the last three runs.
      expect(checks.body.items.map((c: { runId: number }) => c.runId)).toEqual(runs.slice(2).reverse());
    }
  });

  it('scopes and validates on-demand runs', async () => {
    const run = await runAndWait(t, f.operatorBToken, {});
    expect(run).toMatchObject({ status: 'done', total: 0 });
    const mine = await t.http.post('/api/link-checks').set(bearer(f.operatorAToken)).send({ unitId: f.unitA.id });
    expect(mine.status).toBe(202);
    expectError(await t.http.post('/api/link-checks').set(bearer(f.operatorAToken)).send({ unitId: f.unitB.id }), 403);
    expectError(await t.http.post('/api/link-checks').set(bearer(f.viewerToken)).send({}), 403);
    expectError(
      await t.http
        .post('/api/link-checks')
        .set(bearer(f.adminToken))
        .send({ columnIds: [999999] }),
      404,
    );
    expectError(await t.http.post('/api/link-checks').set(bearer(f.adminToken)).send({ columnIds: [] }), 400);
    expectError(
      await t.http
        .post('/api/link-checks')
        .set(bearer(f.adminToken))
        .send({ columnIds: ['x'] }),
      400,
    );
    expectError(await t.http.post('/api/link-checks').set(bearer(f.adminToken)).send({ unitId: 999999 }), 400);
    expectError(await t.http.get('/api/link-checks/999999').set(bearer(f.adminToken)), 404);
    expectError(await t.http.get(`/api/link-checks/${mine.body.id}`).set(bearer(f.operatorBToken)), 403);
    const column = (await t.http.get(`/api/columns?accountId=${accountId}`).set(bearer(f.adminToken))).body.items[0];
    expectError(
      await t.http
        .post('/api/link-checks')
        .set(bearer(f.operatorBToken))
        .send({ columnIds: [column.id] }),
      403,
    );
    expectError(await t.http.get(`/api/columns/${column.id}/checks`).set(bearer(f.operatorBToken)), 403);
    await t.app.get<JobQueue>(JOB_QUEUE).drain();
  });
});

describe.each(databasesUnderTest())('link checks with the private-address guard on (%s)', (kind) => {
  let t: TestApp;
  let site: LinkFixture;
  beforeAll(async () => {
    site = await startLinkFixture();
    t = await startApp(kind, { LINK_SWEEP_CRON: 'off', LINK_CHECK_CONFIRM_DELAY_MS: '0' });
  });
  afterAll(async () => {
    await t.close();
    await site.close();
  });

  it('refuses loopback targets by default: zero requests reach the server', async () => {
    const f = await seedFixture(t);
    const account = await createAccount(t, f.adminToken, { unitId: f.unitA.id, platform: 'douyin', name: '甲镇抖音' });
    for (const path of ['/ok', '/not-found']) {
      const res = await t.http
        .post(`/api/accounts/${account.id}/columns`)
        .set(bearer(f.adminToken))
        .send({ name: path, url: `${site.origin}${path}` });
      expect(res.status).toBe(201);
    }
    await t.http
      .post(`/api/accounts/${account.id}/columns`)
      .set(bearer(f.adminToken))
      .send({ name: 'localhost', url: site.origin.replace('127.0.0.1', 'localhost') + '/ok' });
    const run = await runAndWait(t, f.adminToken, {});
    expect(run).toMatchObject({ status: 'done', total: 3, unverifiable: 3, ok: 0, broken: 0 });
    const columns = await t.http.get('/api/columns').set(bearer(f.adminToken));
    expect(columns.body.items.every((c: { health: string; lastReason: string }) => c.health === 'unverifiable' && c.lastReason === 'blocked_address')).toBe(true);
    expect(site.count()).toBe(0);
    // and no alert channel can point at a private address either
    const ch = await t.http
      .post('/api/alert-channels')
      .set(bearer(f.adminToken))
      .send({ name: 'intranet', kind: 'webhook', target: `${site.origin}/hook` });
    const tested = await t.http.post(`/api/alert-channels/${ch.body.id}/test`).set(bearer(f.adminToken));
    expect(tested.body).toMatchObject({ status: 'failed', lastError: expect.stringContaining('127.0.0.1') });
    expect(site.count()).toBe(0);
  });
});
