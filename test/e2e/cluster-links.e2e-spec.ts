import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import IORedis from 'ioredis';
import mysql from 'mysql2/promise';
import { GaugedHosts, startGaugedHosts } from '../fixtures/link-server/gauged-hosts';
import { ADMIN } from './support/app';
import { clusterEnv } from './support/cluster-env';
import { createMysqlDatabase, dropMysqlDatabase } from './support/mysql';
import { ensureServerBuilt, freePort, killHard, Proc, startProcess, tail, until, waitStarted } from './support/processes';

/**
 * Link sweeps shared by worker processes ([scale]): one API (enqueue only) and two workers
 * (`dist/src/worker.js`) on one MariaDB database and Redis db 13 (a key prefix of its own; db 13
 * is shared with the unit specs, so only this suite's keys are deleted). (a) A sweep's host
 * batches are shared by both workers, and the fixture hosts see at most LINK_CHECK_PER_HOST
 * requests at once and LINK_CHECK_MIN_GAP_MS between request starts, across both workers;
 * (b) a worker killed with SIGKILL mid-sweep: its batches are retried by the other, the run
 * reaches done with every column checked once or retried, never lost, and the host limits
 * still hold; (c) posts stored by the API are matched against repost tasks by a worker.
 * The same job-level behaviour with the in-process driver: link-batches.e2e-spec.ts.
 * Needs MariaDB (TEST_MYSQL_URL) and Redis: under CI=true their absence fails the suite.
 */
const REDIS_URL = process.env.TEST_CLUSTER_LINKS_REDIS_URL || 'redis://127.0.0.1:6379/13';
const PREFIX = `cluster-links-${process.pid}`;
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
/** Columns per host: the first host is big (8 batches), so both workers are on it at once. */
const SIZES = [80, 30, 20];
const PER_HOST = 3;
const MIN_GAP_MS = 30;
/**
 * The gap is claimed in Redis when a request may start and the request is sent at once; the
 * fixture measures arrivals in this (jest) process, whose own event loop may take a burst of
 * arrivals late, and the workers may send a grant late, on a busy 2-core machine. So: the median
 * gap at least the minimum, and at most 5 % of arrivals closer than MIN_GAP_MS - GAP_SLACK_MS.
 * Two workers each spacing only their own requests would put most arrivals closer than that
 * (about 66 starts a second to one host: a median near 15 ms).
 */
const GAP_SLACK_MS = 10;
const CLOSE_SHARE = 0.05;
const BATCH = 10;

async function redisClient(): Promise<IORedis | null> {
  const client = new IORedis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch {
    client.disconnect();
    return null;
  }
}

async function deleteOwnKeys(): Promise<void> {
  const client = await redisClient();
  if (!client) return;
  const keys = await client.keys(`${PREFIX}:*`);
  for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
  client.disconnect();
}

/** The batch numbers a worker logged for a run (started or resumed). */
function batchesLogged(proc: Proc, runId: number, how = 'started|resumed'): number[] {
  const re = new RegExp(`link check run ${runId} batch (\\d+) (?:${how}):`, 'g');
  return [...proc.output.matchAll(re)].map((m) => Number(m[1]));
}

describe('cluster: link sweeps shared by 2 workers, host limits across workers (MariaDB, Redis)', () => {
  let ready = false;
  let databaseUrl: string;
  let db: mysql.Connection;
  let site: GaugedHosts;
  const procs: Proc[] = [];
  const workers: Proc[] = [];
  const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'registry-cluster-links-'));
  let apiPort = 0;
  let token = '';
  let unit: { id: number; name: string };
  let accountId = 0;
  const columns: { id: number; url: string; host: string }[] = [];

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${apiPort}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const upload = async (url: string, csv: string) => {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'upload.csv');
    const res = await fetch(`http://127.0.0.1:${apiPort}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: await res.json() };
  };
  const rows = async <T>(sql: string, params: unknown[] = []) => (await db.query<mysql.RowDataPacket[]>(sql, params))[0] as T[];
  /** Waits for a run to end; on a timeout, says where it stood (items per status, the workers' last words). */
  const runEnds = async (runId: number, timeoutMs: number) => {
    try {
      return await until(
        'the sweep to finish',
        async () => {
          const row = await runRow(runId);
          return row.status === 'done' || row.status === 'failed' ? row : null;
        },
        timeoutMs,
        100,
      );
    } catch (error) {
      const items = await rows<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM link_check_items WHERE run_id = ? GROUP BY status', [runId]);
      throw new Error(
        `${(error as Error).message}: run ${JSON.stringify(await runRow(runId))}, items ${JSON.stringify(items)}\n${workers.map((w) => `--- ${w.name}\n${tail(w, 2000)}`).join('\n')}`,
        { cause: error },
      );
    }
  };
  const runRow = async (runId: number) =>
    (
      await rows<{ status: string; total: number; done: number; ok: number; broken: number; unverifiable: number }>(
        'SELECT status, total, done, ok, broken, unverifiable FROM link_check_runs WHERE id = ?',
        [runId],
      )
    )[0];
  /** batch → the hosts of its columns. */
  const hostsOfBatches = async (runId: number) => {
    const byId = new Map(columns.map((c) => [c.id, c.host]));
    const map = new Map<number, Set<string>>();
    for (const item of await rows<{ batch: number; column_id: number }>('SELECT batch, column_id FROM link_check_items WHERE run_id = ?', [runId])) {
      map.set(item.batch, (map.get(item.batch) ?? new Set()).add(byId.get(item.column_id)!));
    }
    return map;
  };
  const expectPolite = () => {
    for (const host of HOSTS) {
      expect(site.gauge(host).peakInFlight).toBeLessThanOrEqual(PER_HOST);
      const gaps = site.gapsMs(host);
      const sorted = [...gaps].sort((a, b) => a - b);
      const close = gaps.filter((g) => g < MIN_GAP_MS - GAP_SLACK_MS);
      expect({
        host,
        median: Math.round(sorted[Math.floor(sorted.length / 2)]),
        close: close.length <= Math.ceil(gaps.length * CLOSE_SHARE) ? 'few' : close.map((g) => g.toFixed(1)),
      }).toEqual({
        host,
        median: expect.any(Number),
        close: 'few',
      });
      expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(MIN_GAP_MS - 2);
    }
    // ...and the limits were Redis's, not a worker's own fallback.
    for (const worker of workers) expect(worker.output).not.toContain('host gate unavailable');
  };

  beforeAll(async () => {
    const serverUrl = process.env.TEST_MYSQL_URL;
    const redis = await redisClient();
    redis?.disconnect();
    if (!serverUrl || !redis) {
      const missing = [!serverUrl && 'TEST_MYSQL_URL', !redis && `Redis at ${REDIS_URL}`].filter(Boolean).join(' and ');
      if (process.env.CI === 'true') throw new Error(`CI=true but ${missing} is missing: the cluster link suite cannot run (see .ci/run)`);
      console.warn(`cluster link suite does nothing here: ${missing} is missing`);
      return;
    }
    ensureServerBuilt();
    await deleteOwnKeys();
    databaseUrl = await createMysqlDatabase(serverUrl);
    const url = new URL(databaseUrl);
    db = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });
    site = await startGaugedHosts(HOSTS, { latencyMs: [60, 120] });
    apiPort = await freePort();
    const common = clusterEnv(
      { dataDir, databaseUrl, redisUrl: REDIS_URL, prefix: PREFIX },
      {
        LINK_CHECK_PER_HOST: String(PER_HOST),
        LINK_CHECK_MIN_GAP_MS: String(MIN_GAP_MS),
        LINK_CHECK_BATCH_SIZE: String(BATCH),
        LINK_CHECK_TIMEOUT_MS: '5000',
      },
    );
    procs.push(startProcess('api', 'main.js', { ...common, PORT: String(apiPort) }));
    for (const n of [1, 2]) {
      const worker = startProcess(`worker${n}`, 'worker.js', { ...common, WORKER_CONCURRENCY: '4' });
      procs.push(worker);
      workers.push(worker);
    }
    await waitStarted(procs);
    const login = await api('POST', '/api/auth/login', ADMIN);
    expect(login.status).toBe(200);
    token = login.body.accessToken;

    const created = await api('POST', '/api/units', { name: `集群检测镇${Date.now().toString(36)}`, kind: 'town', code: `CLL${Date.now().toString(36)}` });
    expect(created.status).toBe(201);
    unit = created.body;
    const account = await api('POST', '/api/accounts', { unitId: unit.id, platform: 'weibo', name: '集群检测发布' });
    expect(account.status).toBe(201);
    accountId = account.body.id;
    for (const [h, host] of HOSTS.entries()) {
      for (let i = 0; i < SIZES[h]; i++) {
        const link = `${site.origin(host)}/${h === 1 ? 'news/article' : 'ok'}?h=${h}&n=${i}`;
        const res = await api('POST', `/api/accounts/${accountId}/columns`, { name: `栏目${h}-${i}`, url: link });
        expect(res.status).toBe(201);
        columns.push({ id: res.body.id, url: link, host });
      }
    }
    ready = true;
  }, 120_000);

  afterAll(async () => {
    for (const proc of procs) if (!proc.exited) proc.child.kill('SIGKILL');
    await until('processes to exit', async () => procs.every((p) => p.exited), 10_000).catch(() => undefined);
    await site?.close();
    if (db) await db.end();
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    await deleteOwnKeys();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const total = SIZES.reduce((a, b) => a + b, 0);

  it('shares a sweep’s host batches between both workers, within perHost and the minimum gap per host across them', async () => {
    if (!ready) return;
    site.reset();
    const requested = await api('POST', '/api/link-checks', {});
    expect(requested.status).toBe(202);
    const runId = requested.body.id as number;
    const run = await runEnds(runId, 60_000);
    expect(run).toMatchObject({ status: 'done', total, done: total, ok: total, broken: 0, unverifiable: 0 });
    // Both workers ran batches, and both ran batches of the big host (so they were on it at the same time).
    const batches = await hostsOfBatches(runId);
    expect(batches.size).toBe(8 + 3 + 2);
    const [w1, w2] = workers.map((w) => batchesLogged(w, runId));
    expect(w1.length).toBeGreaterThan(0);
    expect(w2.length).toBeGreaterThan(0);
    expect(new Set([...w1, ...w2]).size).toBe(batches.size);
    const onBigHost = (list: number[]) => list.filter((b) => batches.get(b)!.has(HOSTS[0])).length;
    expect(onBigHost(w1)).toBeGreaterThan(0);
    expect(onBigHost(w2)).toBeGreaterThan(0);
    // The limits held at the hosts, whoever sent the requests; the big host used all its slots.
    expectPolite();
    expect(site.gauge(HOSTS[0]).peakInFlight).toBe(PER_HOST);
    // Every column was fetched exactly once.
    expect(columns.map((c) => site.gets(c.url)).filter((n) => n !== 1)).toEqual([]);
  }, 90_000);

  it('posts stored through the API are matched by a worker (the pending accounts live in the database)', async () => {
    if (!ready) return;
    const ledger = ['单位,平台,账号名称,状态,开设时间,注销时间,多账号理由', `${unit.name},微信公众号,集群转发核查号,已开设,2021-03-05,,测试多账号`].join('\n');
    const imported = await upload('/api/accounts/import', ledger);
    expect(imported.status).toBe(200);
    const listed = await api('GET', `/api/accounts?q=${encodeURIComponent('集群转发核查号')}`);
    const reposter = listed.body.items[0].id as number;
    const source = 'https://www.gov.cn/zhengce/content/202309/content_6900001.htm';
    const task = await api('POST', '/api/repost-tasks', {
      title: '国务院办公厅关于集群测试的通知',
      sourceUrl: source,
      issuedAt: '2023-09-01T09:00:00+08:00',
      dueAt: '2023-09-05T18:00:00+08:00',
      unitIds: [unit.id],
      platforms: ['wechat'],
    });
    expect(task.status).toBe(201);
    const before = await api('GET', `/api/repost-tasks/${task.body.id}/compliance`);
    expect(before.body.items.flatMap((u: any) => u.accounts).find((a: any) => a.accountId === reposter)).toMatchObject({ status: 'missing' });
    const posts = await upload(
      `/api/accounts/${reposter}/posts/import`,
      ['标题,链接,发布时间,类型,来源链接', `转发国办通知,https://mp.weixin.qq.com/s/CLUSTER0001,2023-09-02 10:00,转发,${source}`].join('\n'),
    );
    expect(posts.status).toBe(200);
    // The API only enqueues (RUN_JOBS off): a worker runs the match from the pending row.
    const matched = await until(
      'a worker to match the repost',
      async () => {
        const res = await api('GET', `/api/repost-tasks/${task.body.id}/compliance`);
        const entry = res.body.items.flatMap((u: any) => u.accounts).find((a: any) => a.accountId === reposter);
        return entry?.status === 'done' ? entry : null;
      },
      20_000,
      100,
    );
    expect(matched).toMatchObject({ status: 'done', evidence: { matchedBy: 'source' } });
    expect((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM repost_match_pending'))[0].n).toBe(0);
  }, 60_000);

  it('loses nothing when a worker is killed with SIGKILL mid-sweep; the host limits still hold', async () => {
    if (!ready) return;
    site.reset();
    const requested = await api('POST', '/api/link-checks', {});
    expect(requested.status).toBe(202);
    const runId = requested.body.id as number;
    // A worker with a batch half done: some of its columns credited, some still waiting.
    const { victim, batch } = await until(
      'a worker with a batch under way',
      async () => {
        const open = await rows<{ batch: number; done: number; waiting: number }>(
          "SELECT batch, SUM(status <> 'waiting') AS done, SUM(status = 'waiting') AS waiting FROM link_check_items WHERE run_id = ? GROUP BY batch",
          [runId],
        );
        for (const b of open) {
          if (Number(b.done) < 1 || Number(b.waiting) < 3) continue;
          const owner = workers.find((w) => batchesLogged(w, runId, 'started').includes(b.batch));
          if (owner) return { victim: owner, batch: b.batch };
        }
        return null;
      },
      30_000,
      25,
    );
    await killHard(victim);
    const survivor = workers.find((w) => w !== victim)!;
    const run = await runEnds(runId, 60_000);
    expect(run).toMatchObject({ status: 'done', total, done: total, ok: total });
    // The survivor took over the killed worker's batch where it stopped.
    expect(batchesLogged(survivor, runId, 'resumed')).toContain(batch);
    // Every column has a result of the run; each was fetched once, or twice if the kill caught it in flight.
    expect((await rows<{ n: number }>('SELECT COUNT(DISTINCT column_id) AS n FROM link_checks WHERE run_id = ?', [runId]))[0].n).toBe(total);
    const fetched = columns.map((c) => site.gets(c.url));
    expect(Math.min(...fetched)).toBe(1);
    expect(Math.max(...fetched)).toBeLessThanOrEqual(2);
    expect(fetched.filter((n) => n === 2).length).toBeLessThanOrEqual(PER_HOST * HOSTS.length + 2);
    expectPolite();
  }, 120_000);
});
