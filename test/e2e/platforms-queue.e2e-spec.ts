import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bearer, TestApp } from './support/app';
import { clusterEnv } from './support/cluster-env';
import { createAccount, createUnit, Fixture, seedFixture, uniqueTag } from './support/fixtures';
import { createMysqlDatabase, dropMysqlDatabase } from './support/mysql';
import { ensureServerBuilt, flushRedis, freePort, Proc, startProcess, until, waitStarted } from './support/processes';
import { remoteApp } from './support/remote-app';

/**
 * Queue mode: a custom platform added on one application process is known to the other at
 * once, without a restart and before the other lists the platforms again: it is looked for in
 * the database when a request names a platform code, a URL or a platform name the process does
 * not know yet (api.md v1.1 "Platforms and discovery"). Two real `dist/src/main.js` processes
 * on one MariaDB database and Redis db 15.
 */
const REDIS_URL = process.env.TEST_PLATFORMS_REDIS_URL || 'redis://127.0.0.1:6379/15';

describe('custom platforms in queue mode: two processes on one MariaDB database', () => {
  let ready = false;
  let databaseUrl = '';
  const procs: Proc[] = [];
  const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'platforms-queue-'));
  let a: TestApp;
  let b: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    const serverUrl = process.env.TEST_MYSQL_URL;
    const redisUp = await flushRedis(REDIS_URL);
    if (!serverUrl || !redisUp) {
      const missing = [!serverUrl && 'TEST_MYSQL_URL', !redisUp && `Redis at ${REDIS_URL}`].filter(Boolean).join(' and ');
      if (process.env.CI === 'true') throw new Error(`CI=true but ${missing} is missing: the queue-mode platform suite cannot run`);
      console.warn(`queue-mode platform suite does nothing here: ${missing} is missing`);
      return;
    }
    ensureServerBuilt();
    databaseUrl = await createMysqlDatabase(serverUrl);
    const common = clusterEnv({ dataDir, databaseUrl, redisUrl: REDIS_URL, prefix: `platforms-${process.pid}` }, { LOG_LEVEL: 'warn' });
    const ports = [await freePort(), await freePort()];
    // The first migrates the empty database; the second starts on the migrated one.
    procs.push(startProcess('api:a', 'main.js', { ...common, PORT: String(ports[0]) }));
    await waitStarted(procs, 90_000);
    procs.push(startProcess('api:b', 'main.js', { ...common, PORT: String(ports[1]) }));
    await waitStarted(procs, 90_000);
    [a, b] = [await remoteApp('mysql', ports[0]), await remoteApp('mysql', ports[1])];
    f = await seedFixture(a);
    ready = true;
  }, 300_000);

  afterAll(async () => {
    for (const proc of procs) if (!proc.exited) proc.child.kill('SIGTERM');
    await until('processes to exit', async () => procs.every((p) => p.exited), 15_000).catch(() => procs.forEach((p) => p.exited || p.child.kill('SIGKILL')));
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    await flushRedis(REDIS_URL);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const addPlatform = async (t: TestApp, body: Record<string, unknown>) => {
    const res = await t.http.post('/api/platforms').set(bearer(t.adminToken)).send(body);
    if (res.status !== 201) throw new Error(`platform: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const codesOn = async (t: TestApp) => ((await t.http.get('/api/platforms').set(bearer(t.adminToken))).body as { code: string }[]).map((p) => p.code);
  const act = async (t: TestApp, token: string, id: number, body: Record<string, unknown>) => {
    const res = await t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);
    if (res.status !== 200) throw new Error(`transition ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  it('takes an account on a platform the other process added a moment ago, and still refuses unknown codes', async () => {
    if (!ready) return;
    expect(await codesOn(b)).not.toContain('douban_gov'); // B has read the list before the platform exists
    await addPlatform(a, { code: 'douban_gov', name: '豆瓣', urlPatterns: ['^(?:www\\.|m\\.)?douban\\.com/'], icon: { color: '#007722', glyph: '豆' } });
    const unit = await createUnit(b);
    const account = await createAccount(b, b.adminToken, { unitId: unit.id, platform: 'douban_gov', name: `豆瓣政务${uniqueTag()}` });
    expect(account).toMatchObject({ platform: 'douban_gov', state: 'applied' });
    const unknown = await b.http.post('/api/accounts').set(bearer(b.adminToken)).send({ unitId: unit.id, platform: 'no_such_platform', name: '无此平台' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('豆瓣'); // the valid codes it names include the new one
    const listed = (await b.http.get('/api/platforms').set(bearer(b.adminToken))).body.find((p: { code: string }) => p.code === 'douban_gov');
    expect(listed).toMatchObject({ name: '豆瓣', builtIn: false, icon: { color: '#007722', glyph: '豆' } });
  });

  it('verifies a URL of a platform added on the other process by its name and canonical form', async () => {
    if (!ready) return;
    await addPlatform(a, { code: 'toutiao_hao', name: '西瓜视频', urlPatterns: ['^(?:www\\.|m\\.)?ixigua\\.com/'] });
    const account = await createAccount(a, f.operatorAToken, {
      unitId: f.unitA.id,
      platform: 'toutiao_hao',
      name: '某镇西瓜视频',
      homepageUrl: 'https://www.ixigua.com/home/1234567/',
      platformAccountId: '1234567',
    });
    await act(a, f.reviewerToken, account.id, { action: 'approve' });
    await act(a, f.operatorAToken, account.id, { action: 'open', at: '2023-07-03T09:00:00.000Z' });
    const verified = await b.http.get('/api/public/verify').query({ url: 'https://m.ixigua.com/home/1234567?utm_source=share' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ verified: true, account: { name: '某镇西瓜视频', platform: 'toutiao_hao', platformName: '西瓜视频' } });
  });

  it('reads a spreadsheet naming a platform the other process added a moment ago', async () => {
    if (!ready) return;
    await addPlatform(a, { code: 'zhihu_gov', name: '知乎', urlPatterns: ['^(?:www\\.|m\\.)?zhihu\\.com/'] });
    const csv = ['平台,账号名称,账号ID,主页链接,认证主体,最近发布', '知乎,某地知乎号,,https://www.zhihu.com/people/moudi,,'].join('\n');
    const res = await b.http.post('/api/discoveries/import').set(bearer(b.adminToken)).attach('file', Buffer.from(csv), 'discovery.csv');
    expect(res.status).toBe(200);
    const rows = await b.http.get('/api/discoveries').query({ batchId: res.body.batchId }).set(bearer(b.adminToken));
    expect(rows.body.items).toEqual([expect.objectContaining({ platform: 'zhihu_gov', name: '某地知乎号' })]);
  });
});
