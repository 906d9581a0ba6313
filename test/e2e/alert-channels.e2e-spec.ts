import { createHmac } from 'node:crypto';
import { HookReceiver, startHookReceiver } from '../fixtures/receivers/receivers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture } from './support/fixtures';

describe.each(databasesUnderTest())('alert channels (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let hooks: HookReceiver;
  beforeAll(async () => {
    hooks = await startHookReceiver();
    t = await startApp(kind, { LINK_SWEEP_CRON: 'off', ALERT_ALLOW_PRIVATE: 'true', ALERT_DELIVERY_RETRIES: '0', ALERT_DELIVERY_TIMEOUT_MS: '1000' });
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t.close();
    await hooks.close();
  });

  it('keeps secrets write-only and validates targets', async () => {
    const admin = bearer(f.adminToken);
    const created = await t.http
      .post('/api/alert-channels')
      .set(admin)
      .send({ name: '钉钉群', kind: 'dingtalk', target: `${hooks.url}/robot/send?access_token=tok`, secret: 'SEC123' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '钉钉群', kind: 'dingtalk', secretSet: true, enabled: true, kinds: null });
    expect(created.body).not.toHaveProperty('secret');
    const listed = await t.http.get('/api/alert-channels').set(admin);
    expect(listed.body.items.find((c: { id: number }) => c.id === created.body.id)).toMatchObject({ secretSet: true });
    expect(JSON.stringify(listed.body)).not.toContain('SEC123');
    expect(JSON.stringify((await t.http.get(`/api/alert-channels/${created.body.id}`).set(admin)).body)).not.toContain('SEC123');

    expectError(await t.http.post('/api/alert-channels').set(admin).send({ name: 'x', kind: 'sms', target: 'http://a.example/' }), 400);
    expectError(await t.http.post('/api/alert-channels').set(admin).send({ name: 'x', kind: 'webhook', target: 'ftp://a.example/' }), 400);
    expectError(await t.http.post('/api/alert-channels').set(admin).send({ name: 'x', kind: 'email', target: 'not-an-address' }), 400);
    expectError(
      await t.http
        .post('/api/alert-channels')
        .set(admin)
        .send({ name: 'x', kind: 'webhook', target: 'http://a.example/', kinds: ['nope'] }),
      400,
    );
    expectError(await t.http.post('/api/alert-channels').set(bearer(f.operatorAToken)).send({ name: 'x', kind: 'webhook', target: 'http://a.example/' }), 403);
    expectError(await t.http.get('/api/alert-channels').set(bearer(f.viewerToken)), 403);
    expectError(await t.http.get('/api/alert-channels/999999').set(admin), 404);
    expectError(await t.http.post('/api/alert-channels/999999/test').set(admin), 404);
  });

  it('sends signed test messages to DingTalk, Feishu and WeCom robots and a webhook', async () => {
    const admin = bearer(f.adminToken);
    const make = async (body: Record<string, unknown>) => (await t.http.post('/api/alert-channels').set(admin).send(body)).body.id as number;
    const ding = await make({ name: '钉钉', kind: 'dingtalk', target: `${hooks.url}/ding?access_token=tok`, secret: 'SECding' });
    const feishu = await make({ name: '飞书', kind: 'feishu', target: `${hooks.url}/feishu`, secret: 'fsec' });
    const wecom = await make({ name: '企业微信', kind: 'wecom', target: `${hooks.url}/wecom?key=k` });
    const webhook = await make({ name: '通用', kind: 'webhook', target: `${hooks.url}/generic`, secret: 'whsec' });
    for (const id of [ding, feishu, wecom, webhook]) {
      const res = await t.http.post(`/api/alert-channels/${id}/test`).set(admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'sent', attempts: 1, event: 'test', lastError: null });
    }
    const ding1 = hooks.received.find((h) => h.path === '/ding')!;
    const ts = ding1.query.get('timestamp')!;
    expect(ding1.query.get('access_token')).toBe('tok');
    expect(ding1.query.get('sign')).toBe(createHmac('sha256', 'SECding').update(`${ts}\nSECding`).digest('base64'));
    expect(ding1.body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('测试消息') } });
    const fs = hooks.received.find((h) => h.path === '/feishu')!;
    expect(fs.body.sign).toBe(createHmac('sha256', `${fs.body.timestamp}\nfsec`).update('').digest('base64'));
    expect(fs.body).toMatchObject({ msg_type: 'text', content: { text: expect.any(String) } });
    expect(hooks.received.find((h) => h.path === '/wecom')!.body).toMatchObject({ msgtype: 'text' });
    const generic = hooks.received.find((h) => h.path === '/generic')!;
    expect(generic.body).toMatchObject({ event: 'test', alert: null });
    expect(generic.headers['x-signature']).toBe(`sha256=${createHmac('sha256', 'whsec').update(JSON.stringify(generic.body)).digest('hex')}`);

    // A robot that answers 200 with an error code is a failed delivery, and it is visible.
    hooks.respondWith(200, { errcode: 310000, errmsg: 'sign not match' });
    const failed = await t.http.post(`/api/alert-channels/${ding}/test`).set(admin);
    expect(failed.body).toMatchObject({ status: 'failed', lastError: expect.stringContaining('310000') });
    hooks.respondWith(200);
    const deliveries = await t.http.get(`/api/alert-channels/${ding}/deliveries`).set(admin);
    expect(deliveries.body.items.map((d: { status: string }) => d.status)).toEqual(['failed', 'sent']);
  });
});
