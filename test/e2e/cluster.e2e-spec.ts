import * as fs from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import mysql from 'mysql2/promise';
import { ledgerAccounts, putSource, waitForRun } from '../simulator/e2e-helpers';
import { makePosts, PlatformSimulator } from '../simulator/platform-simulator';
import { ADMIN, bearer } from './support/app';
import { clusterEnv } from './support/cluster-env';
import { createUnit } from './support/fixtures';
import { createMysqlDatabase, dropMysqlDatabase } from './support/mysql';
import { ensureServerBuilt, flushRedis, freePort, Proc, sleep, startProcess, until, waitStarted } from './support/processes';
import { remoteApp } from './support/remote-app';

/**
 * Queue mode with real processes ([scale]): two API processes (enqueue only) and two workers
 * (`dist/src/worker.js`) on one MariaDB database and Redis db 14, as docker/compose.cluster.yml
 * runs them. (a) a 10-second link sweep schedule runs once per tick for the whole deployment;
 * (b) a worker killed with SIGKILL mid-sweep loses nothing: the run is resumed by the other
 * worker and reaches done with done === total and a result for every column; (c) failed logins
 * and a platform's poll budget are counted for the deployment (in Redis), not per process.
 * Needs MariaDB (TEST_MYSQL_URL) and Redis: under CI=true their absence fails the suite.
 */
// Its own db index (the BullMQ unit spec uses 13), flushed before and after.
const REDIS_URL = process.env.TEST_CLUSTER_REDIS_URL || 'redis://127.0.0.1:6379/14';
const PREFIX = `cluster-${process.pid}`;
const FAST = 12;
const SLOW = 200;

const redisAnswers = () => flushRedis(REDIS_URL);

describe('cluster: 2 API processes + 2 workers on MariaDB and Redis', () => {
  let ready = false;
  let databaseUrl: string;
  let db: mysql.Connection;
  let fixture: Server;
  let fixtureBase: string;
  const gets = new Map<string, number>();
  const procs: Proc[] = [];
  const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'registry-cluster-'));
  const apiPorts: number[] = [];
  let token = '';

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${apiPorts[0]}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  const start = (name: string, script: string, env: Record<string, string>) => {
    const proc = startProcess(name, script, env);
    procs.push(proc);
    return proc;
  };

  beforeAll(async () => {
    const serverUrl = process.env.TEST_MYSQL_URL;
    const redisUp = await redisAnswers();
    if (!serverUrl || !redisUp) {
      const missing = [!serverUrl && 'TEST_MYSQL_URL', !redisUp && `Redis at ${REDIS_URL}`].filter(Boolean).join(' and ');
      if (process.env.CI === 'true') throw new Error(`CI=true but ${missing} is missing: the cluster suite cannot run (see .ci/run)`);
      console.warn(`cluster suite does nothing here: ${missing} is missing`);
      return;
    }
    ensureServerBuilt();
    databaseUrl = await createMysqlDatabase(serverUrl);
    const url = new URL(databaseUrl);
    db = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });

    // The sites the columns point at: counts the GETs of each column's page; /slow pages take a while.
    fixture = createServer((req, res) => {
      const page = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && /^\/(fast|slow)\/\d+$/.test(page)) gets.set(page, (gets.get(page) ?? 0) + 1);
      const body = `<html><head><title>栏目 ${page}</title></head><body><h1>栏目</h1><p>${page} 政务公开 通知公告</p></body></html>`;
      const send = () => {
        if (!/^\/(fast|slow)\/\d+$/.test(page)) {
          res.writeHead(404, { 'content-length': 0 });
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (page.startsWith('/slow/') && req.method === 'GET') setTimeout(send, 120);
      else send();
    });
    await new Promise<void>((resolve) => fixture.listen(0, '127.0.0.1', resolve));
    fixtureBase = `http://127.0.0.1:${(fixture.address() as AddressInfo).port}`;

    for (let i = 0; i < 2; i++) apiPorts.push(await freePort());
    const common = clusterEnv(
      { dataDir, databaseUrl, redisUrl: REDIS_URL, prefix: PREFIX },
      {
        LINK_SWEEP_CRON: '*/10 * * * * *',
        LINK_CHECK_PER_HOST: '4',
        LINK_CHECK_MIN_GAP_MS: '0',
        // 200 slow columns on one host: 8 batch jobs, shared by the workers.
        LINK_CHECK_BATCH_SIZE: '25',
        // Low enough to reach across the two API processes in the login test.
        LOGIN_MAX_FAILURES_PER_USER: '4',
        // 120 a minute: at most 12 requests per platform in any 6 seconds, for both workers together.
        POLL_BUDGET_PER_MINUTE: '120',
        SOURCE_ALLOW_PRIVATE: 'true',
      },
    );
    // All four start together on an empty database: the migration lock lets one migrate.
    for (const port of apiPorts) start(`api:${port}`, 'main.js', { ...common, PORT: String(port) });
    for (const n of [1, 2]) start(`worker${n}`, 'worker.js', { ...common, WORKER_CONCURRENCY: '4' });
    await waitStarted(procs);
    const login = await api('POST', '/api/auth/login', ADMIN);
    expect(login.status).toBe(200);
    token = login.body.accessToken;
    ready = true;
  }, 90_000);

  afterAll(async () => {
    for (const proc of procs) if (!proc.exited) proc.child.kill('SIGKILL');
    await until('processes to exit', async () => procs.every((p) => p.exited), 10_000).catch(() => undefined);
    if (fixture) {
      fixture.closeAllConnections();
      await new Promise<void>((resolve) => fixture.close(() => resolve()));
    }
    if (db) await db.end();
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    await redisAnswers(); // flushes the db index
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  let accountId = 0;

  it('reports the queue in /api/health of both API processes', async () => {
    if (!ready) return;
    for (const port of apiPorts) {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      const body = await res.json();
      expect(res.status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', db: 'up', queue: 'up', details: { queue: { driver: 'bullmq', status: 'up' } } });
    }
  });

  it('counts failed logins across both API processes: one lockout for the deployment, not one per replica', async () => {
    if (!ready) return;
    const login = async (port: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'cluster_guess', password: 'Wrong#12345' }),
      });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { message: string } };
    };
    // Two failures on each replica: four for the username (the limit), though each replica saw only two.
    for (const port of [...apiPorts, ...apiPorts]) expect((await login(port)).status).toBe(401);
    for (const port of apiPorts) {
      const locked = await login(port);
      expect(locked.status).toBe(429);
      expect(locked.body.message).toMatch(/该用户名登录失败次数过多/);
      expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    }
    // Other usernames are not affected.
    expect((await api('POST', '/api/auth/login', ADMIN)).status).toBe(200);
  });

  it("keeps a platform's poll budget for both workers together, not once per worker", async () => {
    if (!ready) return;
    const sim = new PlatformSimulator();
    await sim.start();
    try {
      const t = await remoteApp('mysql', apiPorts[0]);
      const unit = await createUnit(t);
      const ids = await ledgerAccounts(t, unit.name, '微博', 24);
      for (const [i, id] of ids.entries()) await putSource(t, id, { kind: 'feed', url: `${sim.addFeed(`budget-${i}`, { format: 'rss', posts: makePosts(`budget${i}`, 2) })}.rss` });
      sim.resetLog();
      const startedAt = Date.now();
      const asked = await t.http.post('/api/polls').set(bearer(t.adminToken)).send({ accountIds: ids });
      expect(asked.status).toBe(202);
      // Each worker alone may send 12 at once; together they send 12 in the first window.
      await sleep(4_000);
      expect(sim.counts.feed).toBeGreaterThan(0);
      expect(sim.counts.feed).toBeLessThanOrEqual(12);
      expect(await waitForRun(t, asked.body.id, t.adminToken, 30_000)).toMatchObject({ status: 'done', total: 24, succeeded: 24, failed: 0, newPosts: 48 });
      // The second dozen waited for the window to move on.
      expect(Date.now() - startedAt).toBeGreaterThan(5_500);
      expect(sim.counts.feed).toBe(24);
    } finally {
      await sim.stop();
    }
  });

  it('runs a 10-second schedule once per tick for the whole deployment (not once per process)', async () => {
    if (!ready) return;
    const unit = await api('POST', '/api/units', { name: '集群测试镇', kind: 'town', code: `CL${Date.now().toString(36)}` });
    expect(unit.status).toBe(201);
    const account = await api('POST', '/api/accounts', { unitId: unit.body.id, platform: 'wechat', name: '集群测试发布' });
    expect(account.status).toBe(201);
    accountId = account.body.id;
    for (let i = 0; i < FAST; i++) {
      const res = await api('POST', `/api/accounts/${accountId}/columns`, { name: `快栏目${i}`, url: `${fixtureBase}/fast/${i}` });
      expect(res.status).toBe(201);
    }
    // Wait for two scheduled runs over every column to finish, at a moment when none is running.
    const snapshot = await until(
      'two scheduled sweeps',
      async () => {
        const [runs] = await db.query<mysql.RowDataPacket[]>("SELECT id, status, total, done, created_at FROM link_check_runs WHERE `trigger` = 'schedule' ORDER BY id");
        const full = runs.filter((r) => r.total === FAST);
        if (full.filter((r) => r.status === 'done').length < 2 || runs.some((r) => r.status !== 'done')) return null;
        return { runs, full, gets: new Map(gets) };
      },
      45_000,
    );
    // Every tick made one run (4 processes registered the schedule, one scheduler fires).
    const times = snapshot.runs.map((r) => new Date(r.created_at).getTime());
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThan(8_000);
    for (const run of snapshot.full) expect(run.done).toBe(FAST);
    // ...and each column was fetched exactly once per run that covered it (a tick while the
    // columns were being created covered the first `total` of them).
    for (let i = 0; i < FAST; i++) expect(snapshot.gets.get(`/fast/${i}`)).toBe(snapshot.runs.filter((r) => r.total > i).length);
    // Stop the schedule for the next test (as LINK_SWEEP_CRON=off would at the next start).
    const queue = new Queue('link-sweep', { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix: PREFIX });
    await queue.removeJobScheduler('schedule:link-sweep');
    await queue.close();
    await until(
      'the last scheduled run to finish',
      async () => {
        const [rows] = await db.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n FROM link_check_runs WHERE status IN ('queued', 'running')");
        return Number(rows[0].n) === 0;
      },
      20_000,
    );
  }, 70_000);

  it('loses nothing when a worker is killed with SIGKILL mid-sweep', async () => {
    if (!ready) return;
    const columnIds: number[] = [];
    for (let i = 0; i < SLOW; i++) {
      const res = await api('POST', `/api/accounts/${accountId}/columns`, { name: `慢栏目${i}`, url: `${fixtureBase}/slow/${i}` });
      expect(res.status).toBe(201);
      columnIds.push(res.body.id);
    }
    const requested = await api('POST', '/api/link-checks', { columnIds });
    expect(requested.status).toBe(202);
    const runId = requested.body.id as number;
    // Kill a worker that has a batch of the run half done: some of its columns credited, some waiting.
    const { owner, batch } = await until(
      'a worker with a batch under way',
      async () => {
        const [batches] = await db.query<mysql.RowDataPacket[]>(
          "SELECT batch, SUM(status <> 'waiting') AS done, SUM(status = 'waiting') AS waiting FROM link_check_items WHERE run_id = ? GROUP BY batch",
          [runId],
        );
        for (const b of batches) {
          if (Number(b.done) < 1 || Number(b.waiting) < 3) continue;
          const worker = procs.find((p) => p.name.startsWith('worker') && p.output.includes(`link check run ${runId} batch ${b.batch} started`));
          if (worker) return { owner: worker, batch: Number(b.batch) };
        }
        return null;
      },
      20_000,
      50,
    );
    owner.child.kill('SIGKILL');
    await until('the killed worker to exit', async () => owner.exited, 5_000);
    const survivor = procs.find((p) => p.name.startsWith('worker') && p !== owner)!;
    const run = await until(
      'the run to finish on the other worker',
      async () => {
        const [rows] = await db.query<mysql.RowDataPacket[]>('SELECT status, total, done, ok FROM link_check_runs WHERE id = ?', [runId]);
        return rows[0].status === 'done' ? rows[0] : null;
      },
      40_000,
    );
    expect(survivor.output).toContain(`link check run ${runId} batch ${batch} resumed`);
    expect(run).toMatchObject({ status: 'done', total: SLOW, done: SLOW, ok: SLOW });
    // Every column has a result of this run, and was fetched once, or twice if it was in flight at the kill.
    const [checked] = await db.query<mysql.RowDataPacket[]>('SELECT COUNT(DISTINCT column_id) AS n FROM link_checks WHERE run_id = ?', [runId]);
    expect(Number(checked[0].n)).toBe(SLOW);
    const [columns] = await db.query<mysql.RowDataPacket[]>("SELECT COUNT(*) AS n FROM columns WHERE id IN (?) AND health = 'ok' AND last_checked_at IS NOT NULL", [columnIds]);
    expect(Number(columns[0].n)).toBe(SLOW);
    const fetched = columnIds.map((_, i) => gets.get(`/slow/${i}`) ?? 0);
    expect(Math.min(...fetched)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...fetched)).toBeLessThanOrEqual(2);
    expect(fetched.filter((n) => n === 2).length).toBeLessThanOrEqual(8);
  }, 90_000);
});
