/**
 * Faults ([hardening]): the system survives what it depends on going away. A TCP proxy the
 * tests control (test/support/tcp-proxy.ts) sits between the application and MariaDB, Redis,
 * the platform simulator and the link fixture site, and cuts, blackholes or truncates them.
 *
 * - the proxy itself (a few checks);
 * - MariaDB going away mid-poll and mid-sweep (a real server process on DATABASE_URL through
 *   the proxy; MySQL only): health 503 then 200, runs never stuck, posts and history exact;
 * - platforms timing out, resetting, truncating answers (in-process app, every database);
 * - Redis going away in queue mode: health says so, nothing crashes, work asked for meanwhile gets
 *   503 at once and edits are saved, jobs run again after;
 * - kill -9 of the server mid-poll and mid-sweep, restarted on the same database.
 *
 * interrupted-runs.e2e-spec.ts proves the start-up recovery on hand-made rows, cluster.e2e-spec.ts
 * a killed *worker*; polling.e2e-spec.ts and link-checks.e2e-spec.ts the simulator's HTTP-level
 * faults (5xx, 429, malformed bodies); these tests add the transport and process faults.
 */
import * as fs from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { startLinkFixture, LinkFixture } from '../fixtures/link-server/server';
import { ledgerAccounts, pollNow, POLLING_ENV, putSource, sourceOf, TEST_SECRET_KEY, waitForRun } from '../simulator/e2e-helpers';
import { makePosts, PlatformSimulator, SimPost } from '../simulator/platform-simulator';
import { TcpProxy } from '../support/tcp-proxy';
import { ADMIN, bearer, databasesUnderTest, JWT_SECRET, startApp, TestApp } from './support/app';
import { createUnit, historyOf } from './support/fixtures';
import { createMysqlDatabase, dropMysqlDatabase } from './support/mysql';
import { ensureServerBuilt, flushRedis, freePort, killHard, Proc, sleep, startProcess, tail, until, waitStarted } from './support/processes';
import { remoteApp } from './support/remote-app';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The environment of a server process of these tests (scheduled work off, private targets allowed). */
function serverEnv(dataDir: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    WEB_DIR: path.join(dataDir, 'no-web'),
    JWT_SECRET,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    APP_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'warn',
    LINK_SWEEP_CRON: 'off',
    POLL_SCHEDULER: 'off',
    FINDINGS_SCHEDULER: 'off',
    REPOST_REMINDER_SCHEDULER: 'off',
    RECERTIFY_SCHEDULER: 'off',
    SOURCE_ALLOW_PRIVATE: 'true',
    LINK_CHECK_ALLOW_PRIVATE: 'true',
    POLL_BUDGET_PER_MINUTE: '100000',
    POLL_BACKOFF_BASE_SECONDS: '60',
    LINK_CHECK_MIN_GAP_MS: '0',
    LINK_CHECK_CONFIRM_DELAY_MS: '0',
    LINK_CHECK_RETRIES: '0',
    ...extra,
  };
}

/** Reads the application's tables behind its back (MariaDB directly, not through a proxy; SQLite read-only). */
interface Tables {
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function openTables(databaseUrl: string | undefined, dataDir: string): Promise<Tables> {
  const db = new DataSource(
    databaseUrl
      ? { type: 'mysql', url: databaseUrl, timezone: 'Z', extra: { connectionLimit: 2 } }
      : { type: 'better-sqlite3', database: path.join(dataDir, 'registry.sqlite'), readonly: true, fileMustExist: true },
  );
  await db.initialize();
  return {
    rows: <T>(sql: string, params: unknown[] = []) => db.query(sql, params) as Promise<T[]>,
    close: () => db.destroy(),
  };
}

/** The stored ids of an account's posts, with how often each is stored. */
async function storedPosts(tables: Tables, accountId: number): Promise<Map<string, number>> {
  const rows = await tables.rows<{ id: string; n: number | string }>('SELECT platform_post_id AS id, COUNT(*) AS n FROM posts WHERE account_id = ? GROUP BY platform_post_id', [
    accountId,
  ]);
  return new Map(rows.map((r) => [String(r.id), Number(r.n)]));
}

/** Posts of each account are exactly the simulator's: none lost, none twice. */
async function expectPostsExactly(tables: Tables, served: Map<number, SimPost[]>): Promise<void> {
  for (const [accountId, posts] of served) {
    const stored = await storedPosts(tables, accountId);
    expect([...stored.keys()].sort()).toEqual(posts.map((p) => p.id).sort());
    expect(Math.max(...stored.values())).toBe(1);
  }
}

/** A poll run's counters against its items (what each account's job recorded). */
async function expectRunMatchesItems(tables: Tables, runId: number): Promise<Record<string, any>> {
  const [run] = await tables.rows<Record<string, any>>('SELECT status, total, succeeded, failed, new_posts FROM poll_runs WHERE id = ?', [runId]);
  const items = await tables.rows<{ status: string; n: number | string; posts: number | string | null }>(
    'SELECT status, COUNT(*) AS n, SUM(new_posts) AS posts FROM poll_run_items WHERE run_id = ? GROUP BY status',
    [runId],
  );
  const count = (status: string) => Number(items.find((i) => i.status === status)?.n ?? 0);
  expect({ total: Number(run.total), succeeded: Number(run.succeeded), failed: Number(run.failed), newPosts: Number(run.new_posts) }).toEqual({
    total: items.reduce((sum, i) => sum + Number(i.n), 0),
    succeeded: count('succeeded'),
    failed: count('failed'),
    newPosts: items.reduce((sum, i) => sum + Number(i.posts ?? 0), 0),
  });
  return run;
}

/** A link-check run's counters against its items (each column's outcome in the run: waiting, ok, broken, unverifiable). */
async function expectLinkRunMatchesItems(tables: Tables, runId: number): Promise<Record<string, any>> {
  const [run] = await tables.rows<Record<string, any>>('SELECT status, total, done, ok, broken, unverifiable FROM link_check_runs WHERE id = ?', [runId]);
  const items = await tables.rows<{ status: string; n: number | string }>('SELECT status, COUNT(*) AS n FROM link_check_items WHERE run_id = ? GROUP BY status', [runId]);
  const count = (status: string) => Number(items.find((i) => i.status === status)?.n ?? 0);
  expect({ total: Number(run.total), done: Number(run.done), ok: Number(run.ok), broken: Number(run.broken), unverifiable: Number(run.unverifiable) }).toEqual({
    total: items.reduce((sum, i) => sum + Number(i.n), 0),
    done: count('ok') + count('broken') + count('unverifiable'),
    ok: count('ok'),
    broken: count('broken'),
    unverifiable: count('unverifiable'),
  });
  return run;
}

/** Feeds on the simulator for these accounts, set as their sources (through `origin`, e.g. a proxy). */
async function feedAccounts(t: TestApp, sim: PlatformSimulator, ids: number[], tag: string, perAccount: number, origin = sim.url): Promise<Map<number, SimPost[]>> {
  const served = new Map<number, SimPost[]>();
  for (const id of ids) {
    const posts = makePosts(`${tag}${id}`, perAccount);
    sim.addFeed(`${tag}-${id}`, { format: 'rss', posts });
    await putSource(t, id, { kind: 'feed', url: `${origin}/feeds/${tag}-${id}` });
    served.set(id, posts);
  }
  return served;
}

/** One more post on each feed (the simulator serves it from now on). */
function publishMore(sim: PlatformSimulator, served: Map<number, SimPost[]>, tag: string, n: number): void {
  for (const [id, posts] of served) {
    const next = makePosts(`${tag}${id}`, posts.length + n).slice(posts.length);
    posts.push(...next);
    sim.feeds.get(`${tag}-${id}`)!.posts = posts;
  }
}

async function addColumns(t: TestApp, accountId: number, urls: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, url] of urls.entries()) {
    const res = await t.http
      .post(`/api/accounts/${accountId}/columns`)
      .set(bearer(t.adminToken))
      .send({ name: `栏目${i}`, url });
    if (res.status !== 201) throw new Error(`column: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.id);
  }
  return ids;
}

async function health(t: TestApp): Promise<{ status: number; body: any }> {
  const res = await t.http.get('/api/health');
  return { status: res.status, body: res.body };
}

const runEnded = (status: string) => status !== 'running' && status !== 'queued';

// ---------------------------------------------------------------------------------------------
// The proxy
// ---------------------------------------------------------------------------------------------

describe('TcpProxy (test/support/tcp-proxy.ts)', () => {
  let echo: Server;
  let proxy: TcpProxy;
  const echoSockets = new Set<Socket>();

  beforeAll(async () => {
    echo = createServer((socket) => {
      echoSockets.add(socket);
      socket.on('close', () => echoSockets.delete(socket));
      socket.on('error', () => undefined);
      socket.on('data', (chunk) => socket.write(chunk.toString() === 'big' ? Buffer.alloc(5000, 0x61) : chunk));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = new TcpProxy((echo.address() as AddressInfo).port);
    await proxy.start();
  });
  afterAll(async () => {
    await proxy.close();
    for (const socket of echoSockets) socket.destroy();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });
  afterEach(() => proxy.restore());

  /** A client connection that records what it receives and how it ended. */
  const connect = async () => {
    const socket = new Socket();
    const state = { data: '', ended: false, error: '' as string, socket };
    socket.on('data', (chunk) => (state.data += chunk.toString()));
    socket.on('end', () => (state.ended = true));
    socket.on('error', (error: NodeJS.ErrnoException) => (state.error = error.code ?? error.message));
    socket.on('close', () => (state.ended = true));
    // Resolves once connected, or once reset while connecting (a cut proxy).
    await new Promise<void>((resolve) => {
      socket.once('connect', resolve);
      socket.once('close', resolve);
      socket.connect(proxy.port, '127.0.0.1');
    });
    return state;
  };

  it('passes bytes both ways and counts them per connection', async () => {
    proxy.resetCounters();
    const c = await connect();
    c.socket.write('hello');
    await until('the echo', async () => c.data === 'hello', 2000, 10);
    expect(proxy.connections).toEqual([expect.objectContaining({ arrivedIn: 'pass', bytesUp: 5, bytesDown: 5, closed: false })]);
    c.socket.destroy();
    await until('the proxy to see the close', async () => proxy.open === 0, 2000, 10);
    expect(proxy.connections[0].closed).toBe(true);
  });

  it('cut() resets open connections and every new one until restore()', async () => {
    proxy.resetCounters();
    const open = await connect();
    open.socket.write('x');
    await until('the echo', async () => open.data === 'x', 2000, 10);
    proxy.cut();
    await until('the open connection to be reset', async () => open.ended, 2000, 10);
    expect(open.error).toBe('ECONNRESET');
    const late = await connect();
    await until('the new connection to be reset', async () => late.ended, 2000, 10);
    expect(late.error).toBe('ECONNRESET');
    expect(proxy.count('cut')).toBe(1);
    proxy.restore();
    const after = await connect();
    after.socket.write('back');
    await until('the echo after restore()', async () => after.data === 'back', 2000, 10);
    after.socket.destroy();
  });

  it('blackhole() answers nothing; restore() delivers what a frozen connection sent and drops the held ones', async () => {
    proxy.resetCounters();
    const frozen = await connect();
    await until('the proxy to take the connection', async () => proxy.open === 1, 2000, 10);
    proxy.blackhole();
    const held = await connect();
    held.socket.write('anyone?');
    frozen.socket.write('later');
    // Nothing may come back while the hole is open (a negative check needs some wait).
    await sleep(300);
    expect(held.data + frozen.data).toBe('');
    expect(held.ended || frozen.ended).toBe(false);
    expect(proxy.count('blackhole')).toBe(1);
    proxy.restore();
    await until('the frozen connection to be answered', async () => frozen.data === 'later', 2000, 10);
    await until('the held connection to be dropped', async () => held.ended, 2000, 10);
    frozen.socket.destroy();
  });

  it('truncate(n) ends each answer after n bytes', async () => {
    proxy.truncate(1000);
    const c = await connect();
    c.socket.write('big');
    await until('the connection to end', async () => c.ended, 2000, 10);
    expect(c.data.length).toBe(1000);
  });
});

// ---------------------------------------------------------------------------------------------
// MariaDB goes away (MySQL only: SQLite is a file in the process)
// ---------------------------------------------------------------------------------------------

for (const kind of databasesUnderTest().filter((k) => k === 'mysql')) {
  describe(`the database goes away and comes back (${kind}, a server process)`, () => {
    const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'registry-faults-db-'));
    let databaseUrl: string;
    let dbProxy: TcpProxy;
    let sim: PlatformSimulator;
    let site: LinkFixture;
    let server: Proc;
    let t: TestApp;
    let tables: Tables;
    let unit: { id: number; name: string };

    beforeAll(async () => {
      ensureServerBuilt();
      databaseUrl = await createMysqlDatabase(process.env.TEST_MYSQL_URL as string);
      const direct = new URL(databaseUrl);
      dbProxy = new TcpProxy(Number(direct.port || 3306), direct.hostname);
      await dbProxy.start();
      const proxied = new URL(databaseUrl);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(dbProxy.port);
      sim = new PlatformSimulator();
      await sim.start();
      site = await startLinkFixture({ latencyMs: [60, 90] });
      const port = await freePort();
      server = startProcess(
        'api',
        'main.js',
        serverEnv(dataDir, port, { DATABASE_URL: proxied.toString(), POLL_CONCURRENCY: '2', SOURCE_TIMEOUT_MS: '3000', LINK_CHECK_PER_HOST: '2', LINK_CHECK_TIMEOUT_MS: '3000' }),
      );
      await waitStarted([server]);
      t = await remoteApp(kind, port);
      tables = await openTables(databaseUrl, dataDir);
      unit = await createUnit(t);
    }, 90_000);

    afterAll(async () => {
      dbProxy?.restore();
      if (server) await killHard(server);
      await tables?.close();
      await dbProxy?.close();
      await sim?.stop();
      await site?.close();
      if (databaseUrl) await dropMysqlDatabase(databaseUrl);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }, 30_000);

    afterEach(() => {
      dbProxy.restore();
      sim.clearFaults();
      expect({ exited: server.exited, output: server.exited ? tail(server) : '' }).toEqual({ exited: false, output: '' });
    });

    const waitHealth = (status: number, timeoutMs = 15_000) => until(`GET /api/health → ${status}`, async () => (await health(t)).status === status, timeoutMs, 100);

    it('health turns 503 while the database hangs or refuses, 200 after; other requests get 503, not 500; the pool recovers', async () => {
      expect((await health(t)).body).toMatchObject({ status: 'ok', db: 'up' });
      dbProxy.blackhole();
      await waitHealth(503);
      expect((await health(t)).body).toMatchObject({ statusCode: 503, db: 'down', message: '数据库不可用' });
      dbProxy.restore();
      await waitHealth(200);

      dbProxy.cut();
      await waitHealth(503);
      // Anything that needs the database says it is unavailable (503), not an internal error.
      const list = await t.http.get('/api/accounts').set(bearer(t.adminToken));
      expect(list.status).toBe(503);
      expect(list.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringContaining('数据库') });
      // What needs no database is still served.
      expect((await t.http.get('/api/docs-json')).status).toBe(200);
      dbProxy.restore();
      await waitHealth(200);
      // Every connection of the pool works again (none is left dead or hanging).
      const again = await Promise.all(Array.from({ length: 24 }, () => t.http.get('/api/accounts?pageSize=1').set(bearer(t.adminToken))));
      expect(again.map((r) => r.status)).toEqual(again.map(() => 200));
    });

    it('mid-poll: the run ends (resumed), no post is lost or stored twice, no history entry is lost', async () => {
      const ids = await ledgerAccounts(t, unit.name, '微博', 12);
      const served = await feedAccounts(t, sim, ids, 'dbpoll', 6);
      const act = (body: Record<string, unknown>) => t.http.post(`/api/accounts/${ids[0]}/transitions`).set(bearer(t.adminToken)).send(body);
      expect((await act({ action: 'request_deregistration', reason: '机构调整' })).status).toBe(200);

      sim.setFaults({ latencyMs: 250 });
      const started = await t.http.post('/api/polls').set(bearer(t.adminToken)).send({ accountIds: ids });
      expect(started.status).toBe(202);
      const runId = started.body.id as number;
      await until(
        'a part of the accounts polled',
        async () => {
          const [row] = await tables.rows<{ n: number | string }>("SELECT COUNT(*) AS n FROM poll_run_items WHERE run_id = ? AND status <> 'waiting'", [runId]);
          return Number(row.n) >= 2;
        },
        15_000,
        20,
      );
      dbProxy.cut();
      await waitHealth(503);
      // A lifecycle step while the database is away is refused whole (and says why).
      const refused = await act({ action: 'cancel_deregistration' });
      expect(refused.status).toBe(503);
      // The platforms keep answering meanwhile; the polls in flight cannot store what they read.
      await sleep(1200);
      const [stalled] = await tables.rows<{ n: number | string }>("SELECT COUNT(*) AS n FROM poll_run_items WHERE run_id = ? AND status = 'waiting'", [runId]);
      expect(Number(stalled.n)).toBeGreaterThan(0);
      dbProxy.restore();
      await waitHealth(200);

      const run = await until(
        'the run to end',
        async () => {
          const [row] = await tables.rows<Record<string, any>>('SELECT status FROM poll_runs WHERE id = ?', [runId]);
          return runEnded(row.status) && row;
        },
        30_000,
        100,
      );
      // Nothing was lost: the interrupted polls were taken up again once the database answered.
      expect(run.status).toBe('done');
      const counters = await expectRunMatchesItems(tables, runId);
      expect({ succeeded: Number(counters.succeeded), failed: Number(counters.failed), newPosts: Number(counters.new_posts) }).toEqual({
        succeeded: ids.length,
        failed: 0,
        newPosts: ids.length * 6,
      });
      await expectPostsExactly(tables, served);

      // Later posts: the next poll stores exactly those.
      sim.clearFaults();
      publishMore(sim, served, 'dbpoll', 2);
      expect(await pollNow(t, ids)).toMatchObject({ status: 'done', succeeded: ids.length, failed: 0, newPosts: ids.length * 2 });
      await expectPostsExactly(tables, served);

      expect((await act({ action: 'cancel_deregistration' })).status).toBe(200);
      expect((await act({ action: 'request_deregistration', reason: '合并到区级账号' })).status).toBe(200);
      const history = await historyOf(t, ids[0]);
      expect(history.map((h) => [h.action, h.toState])).toEqual([
        ['import', 'opened'],
        ['source_update', null],
        ['request_deregistration', 'deregistration_requested'],
        ['cancel_deregistration', 'opened'],
        ['request_deregistration', 'deregistration_requested'],
      ]);
    });

    it('mid-sweep: the link-check run waits out a long outage and finishes, its counters matching its results', async () => {
      const [accountId] = await ledgerAccounts(t, unit.name, '微信公众号', 1);
      const columnIds = await addColumns(
        t,
        accountId,
        Array.from({ length: 40 }, (_, i) => `${site.origin}/ok?c=${i}`),
      );
      const started = await t.http.post('/api/link-checks').set(bearer(t.adminToken)).send({ columnIds });
      expect(started.status).toBe(202);
      const runId = started.body.id as number;
      await until(
        'a part of the columns checked',
        async () => {
          const [row] = await tables.rows<{ n: number | string }>("SELECT COUNT(*) AS n FROM link_check_items WHERE run_id = ? AND status <> 'waiting'", [runId]);
          return Number(row.n) >= 4;
        },
        15_000,
        20,
      );
      dbProxy.cut();
      await waitHealth(503);
      // Away longer than a job's own retries would last (about 15 s): the jobs wait for the database.
      await sleep(17_000);
      const [stalled] = await tables.rows<{ n: number | string }>("SELECT COUNT(*) AS n FROM link_check_items WHERE run_id = ? AND status = 'waiting'", [runId]);
      expect(Number(stalled.n)).toBeGreaterThan(0);
      dbProxy.restore();
      await waitHealth(200);
      const run = await until(
        'the run to end',
        async () => {
          const [row] = await tables.rows<Record<string, any>>('SELECT status FROM link_check_runs WHERE id = ?', [runId]);
          return runEnded(row.status) && row;
        },
        30_000,
        100,
      ).catch(async (error: Error) => {
        const state = await tables.rows(
          "SELECT r.status, r.done, r.total, (SELECT COUNT(*) FROM link_check_items i WHERE i.run_id = r.id AND i.status = 'waiting') AS waiting FROM link_check_runs r WHERE r.id = ?",
          [runId],
        );
        throw new Error(`${error.message}: ${JSON.stringify(state)}`);
      });
      expect(run.status).toBe('done');
      const counted = await expectLinkRunMatchesItems(tables, runId);
      expect([counted.total, counted.done, counted.ok].map(Number)).toEqual([columnIds.length, columnIds.length, columnIds.length]);
      // A new sweep after the outage checks every column.
      const again = await t.http.post('/api/link-checks').set(bearer(t.adminToken)).send({ columnIds });
      const done = await until(
        'the next run to finish',
        async () => {
          const res = await t.http.get(`/api/link-checks/${again.body.id}`).set(bearer(t.adminToken));
          return runEnded(res.body.status) && res.body;
        },
        20_000,
        100,
      );
      expect(done).toMatchObject({ status: 'done', total: columnIds.length, done: columnIds.length, ok: columnIds.length });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Platforms and linked sites misbehave on the wire
// ---------------------------------------------------------------------------------------------

describe.each(databasesUnderTest())('platforms and sites that time out, reset, truncate (%s)', (kind) => {
  let t: TestApp;
  let sim: PlatformSimulator;
  let site: LinkFixture;
  let simProxy: TcpProxy;
  let siteProxy: TcpProxy;
  let unit: { id: number; name: string };

  beforeAll(async () => {
    sim = new PlatformSimulator();
    await sim.start();
    site = await startLinkFixture();
    simProxy = new TcpProxy(Number(new URL(sim.url).port));
    await simProxy.start();
    siteProxy = new TcpProxy(Number(new URL(site.origin).port));
    await siteProxy.start();
    t = await startApp(kind, {
      ...POLLING_ENV,
      LINK_CHECK_ALLOW_PRIVATE: 'true',
      LINK_CHECK_MIN_GAP_MS: '0',
      LINK_CHECK_CONFIRM_DELAY_MS: '0',
      LINK_CHECK_RETRIES: '1',
      LINK_CHECK_BACKOFF_MS: '20',
      LINK_CHECK_TIMEOUT_MS: '700',
      LINK_CHECK_CONNECT_TIMEOUT_MS: '400',
      LINK_CHECK_EARLY_RETRY_MS: '0',
    });
    unit = await createUnit(t);
  });
  afterAll(async () => {
    await t?.close();
    await simProxy?.close();
    await siteProxy?.close();
    await sim?.stop();
    await site?.close();
  });
  afterEach(() => {
    simProxy.restore();
    siteProxy.restore();
  });

  it('polls: each fault is a failure with its reason and the backoff grows; the poll after recovery stores exactly the missing posts', async () => {
    const [id] = await ledgerAccounts(t, unit.name, '今日头条', 1);
    const served = await feedAccounts(t, sim, [id], `wire${kind}`, 5, simProxy.origin);
    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, newPosts: 5 });
    publishMore(sim, served, `wire${kind}`, 3);

    const faults: [string, () => void, RegExp][] = [
      ['blackhole', () => simProxy.blackhole(), /超时/],
      ['cut', () => simProxy.cut(), /无法连接/],
      ['truncate', () => simProxy.truncate(400), /响应不完整/],
    ];
    let lastBackoff = 0;
    for (const [i, [name, fault, reason]] of faults.entries()) {
      fault();
      const run = await pollNow(t, [id]);
      expect({ name, run }).toMatchObject({ name, run: { status: 'done', failed: 1, succeeded: 0, newPosts: 0 } });
      const source = await sourceOf(t, id);
      expect({ name, source }).toMatchObject({ name, source: { lastErrorKind: 'transient', consecutiveFailures: i + 1, lastError: expect.stringMatching(reason) } });
      // Retried per policy: the next poll is put off, longer after each failure in a row.
      const backoff = new Date(source.nextPollAt).getTime() - new Date(source.lastPolledAt).getTime();
      expect(backoff).toBeGreaterThan(lastBackoff);
      lastBackoff = backoff;
      expect((await health(t)).status).toBe(200);
      simProxy.restore();
    }
    const alerts = await t.http.get('/api/alerts?kind=poll_failing&status=open').set(bearer(t.adminToken));
    expect(alerts.body.items.filter((a: { subjectId: string }) => a.subjectId === String(id))).toHaveLength(1);

    expect(await pollNow(t, [id])).toMatchObject({ succeeded: 1, failed: 0, newPosts: 3 });
    const posts = await t.http.get(`/api/posts?accountId=${id}&pageSize=50`).set(bearer(t.adminToken));
    expect(posts.body.items.map((p: { platformPostId: string }) => p.platformPostId).sort()).toEqual(
      served
        .get(id)!
        .map((p) => p.id)
        .sort(),
    );
    expect(await sourceOf(t, id)).toMatchObject({ consecutiveFailures: 0, lastError: null });
    const resolved = await t.http.get('/api/alerts?kind=poll_failing&status=open').set(bearer(t.adminToken));
    expect(resolved.body.items.some((a: { subjectId: string }) => a.subjectId === String(id))).toBe(false);
  });

  it('link checks: resets, timeouts and truncated pages are results with a reason, each retried; the site back is ok again', async () => {
    const [accountId] = await ledgerAccounts(t, unit.name, '微信公众号', 1);
    const [columnId] = await addColumns(t, accountId, [`${siteProxy.origin}/news/article`]);
    const check = async () => {
      const res = await t.http
        .post('/api/link-checks')
        .set(bearer(t.adminToken))
        .send({ columnIds: [columnId] });
      expect(res.status).toBe(202);
      const run = await until(
        'the check to finish',
        async () => {
          const r = await t.http.get(`/api/link-checks/${res.body.id}`).set(bearer(t.adminToken));
          return runEnded(r.body.status) && r.body;
        },
        15_000,
        25,
      );
      expect(run).toMatchObject({ status: 'done', total: 1, done: 1 });
      return (await t.http.get(`/api/columns/${columnId}`).set(bearer(t.adminToken))).body;
    };
    expect(await check()).toMatchObject({ health: 'ok', lastReason: 'ok' });

    const faults: [string, () => void, string[]][] = [
      ['cut', () => siteProxy.cut(), ['connection_reset', 'connection_refused']],
      ['blackhole', () => siteProxy.blackhole(), ['timeout']],
      ['truncate', () => siteProxy.truncate(300), ['connection_reset', 'network_error']],
    ];
    for (const [name, fault, reasons] of faults) {
      siteProxy.resetCounters();
      fault();
      const column = await check();
      expect({ name, health: column.health }).toEqual({ name, health: 'broken' });
      expect(reasons).toContain(column.lastReason);
      // LINK_CHECK_RETRIES=1: every try is retried once (a new connection each time).
      expect(siteProxy.count()).toBeGreaterThanOrEqual(2);
      expect((await health(t)).status).toBe(200);
      siteProxy.restore();
    }
    const alerts = await t.http.get('/api/alerts?kind=link_broken&status=open').set(bearer(t.adminToken));
    expect(alerts.body.items.filter((a: { subjectId: string }) => a.subjectId === String(columnId))).toHaveLength(1);
    expect(await check()).toMatchObject({ health: 'ok', lastReason: 'ok' });
    const resolved = await t.http.get('/api/alerts?kind=link_broken&status=open').set(bearer(t.adminToken));
    expect(resolved.body.items.some((a: { subjectId: string }) => a.subjectId === String(columnId))).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Redis goes away in queue mode
// ---------------------------------------------------------------------------------------------

describe('Redis goes away in queue mode (a server process running jobs)', () => {
  // Its own db index (BullMQ unit spec 13, cluster 14), flushed before and after.
  const REDIS = 'redis://127.0.0.1:6379/12';
  const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'registry-faults-redis-'));
  let redisUp = false;
  let redisProxy: TcpProxy;
  let sim: PlatformSimulator;
  let server: Proc;
  let t: TestApp;
  let tables: Tables;

  beforeAll(async () => {
    redisUp = await flushRedis(REDIS);
    if (!redisUp) {
      if (process.env.CI === 'true') throw new Error(`CI=true but Redis at ${REDIS} does not answer: the queue-mode fault tests cannot run`);
      console.warn(`Redis at ${REDIS} does not answer: the queue-mode fault test does nothing here`);
      return;
    }
    ensureServerBuilt();
    redisProxy = new TcpProxy(6379);
    await redisProxy.start();
    sim = new PlatformSimulator();
    await sim.start();
    const port = await freePort();
    server = startProcess(
      'api',
      'main.js',
      serverEnv(dataDir, port, {
        REDIS_URL: `redis://127.0.0.1:${redisProxy.port}/12`,
        RUN_JOBS: 'true',
        QUEUE_PREFIX: `faults-${process.pid}`,
        QUEUE_LOCK_MS: '3000',
        QUEUE_STALLED_INTERVAL_MS: '2000',
        POLL_CONCURRENCY: '2',
      }),
    );
    await waitStarted([server]);
    t = await remoteApp('sqlite', port);
    tables = await openTables(undefined, dataDir);
  }, 90_000);

  afterAll(async () => {
    if (server) await killHard(server);
    await tables?.close();
    await redisProxy?.close();
    await sim?.stop();
    if (redisUp) await flushRedis(REDIS);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('health says the queue is down (503) and up again (200); nothing crashes; a poll asked or running meanwhile finishes exactly once', async () => {
    if (!redisUp) return;
    const waitHealth = (status: number) => until(`GET /api/health → ${status}`, async () => (await health(t)).status === status, 20_000, 100);
    const unit = await createUnit(t);
    const ids = await ledgerAccounts(t, unit.name, '微博', 6);
    const served = await feedAccounts(t, sim, ids, 'redis', 4);
    expect((await health(t)).body).toMatchObject({ status: 'ok', queue: 'up', details: { queue: { driver: 'bullmq', status: 'up' } } });
    expect(await pollNow(t, ids)).toMatchObject({ succeeded: 6, newPosts: 24 });

    // Redis hangs: the ping times out.
    redisProxy.blackhole();
    await waitHealth(503);
    redisProxy.restore();
    await waitHealth(200);

    // Redis refuses.
    redisProxy.cut();
    await waitHealth(503);
    expect((await health(t)).body).toMatchObject({ statusCode: 503, db: 'up', queue: 'down', message: '任务队列（Redis）不可用', details: { queue: { status: 'down' } } });
    // The API keeps answering what needs no queue.
    expect((await t.http.get('/api/accounts?pageSize=1').set(bearer(t.adminToken))).status).toBe(200);
    // Work asked for meanwhile is refused at once (503, nothing recorded), not held until Redis is back.
    const runCounts = async () =>
      (await tables.rows<{ n: number | string }>('SELECT (SELECT COUNT(*) FROM poll_runs) + (SELECT COUNT(*) FROM link_check_runs) + (SELECT COUNT(*) FROM finding_scans) AS n'))[0]
        .n;
    const before = await runCounts();
    for (const [route, body] of [
      ['/api/polls', { accountIds: ids }],
      ['/api/link-checks', {}],
      ['/api/findings/scan', {}],
    ] as const) {
      const startedAt = Date.now();
      const refused = await t.http.post(route).set(bearer(t.adminToken)).send(body);
      expect({ route, status: refused.status, message: refused.body.message }).toEqual({ route, status: 503, message: '任务队列（Redis）不可用，请稍后重试' });
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    }
    expect(await runCounts()).toBe(before);
    // An edit whose follow-up scan goes through the queue is saved and answered without waiting for Redis.
    const startedAt = Date.now();
    const edited = await t.http.patch(`/api/accounts/${ids[0]}`).set(bearer(t.adminToken)).send({ operatorName: 'Redis停机时修改' });
    expect(edited.status).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    redisProxy.restore();
    await waitHealth(200);
    publishMore(sim, served, 'redis', 1);
    const asked = await t.http.post('/api/polls').set(bearer(t.adminToken)).send({ accountIds: ids });
    expect(asked.status).toBe(202);
    expect(await waitForRun(t, asked.body.id)).toMatchObject({ succeeded: 6, failed: 0, newPosts: 6 });

    // Redis goes away while the polls run: they finish, and none is counted twice.
    publishMore(sim, served, 'redis', 2);
    sim.setFaults({ latencyMs: 300 });
    const started = await t.http.post('/api/polls').set(bearer(t.adminToken)).send({ accountIds: ids });
    expect(started.status).toBe(202);
    await until(
      'a part of the accounts polled',
      async () => {
        const [row] = await tables.rows<{ n: number | string }>("SELECT COUNT(*) AS n FROM poll_run_items WHERE run_id = ? AND status <> 'waiting'", [started.body.id]);
        return Number(row.n) >= 2;
      },
      15_000,
      20,
    );
    redisProxy.cut();
    await waitHealth(503);
    redisProxy.restore();
    await waitHealth(200);
    sim.clearFaults();
    expect(await waitForRun(t, started.body.id, t.adminToken, 30_000)).toMatchObject({ succeeded: 6, failed: 0, newPosts: 12 });
    await expectRunMatchesItems(tables, started.body.id);
    await expectPostsExactly(tables, served);

    expect(server.exited).toBe(false);
    expect(server.output).not.toMatch(/Unhandled|uncaught/i);
  });
});

// ---------------------------------------------------------------------------------------------
// kill -9 of the server mid-poll and mid-sweep
// ---------------------------------------------------------------------------------------------

// One database is enough here (MariaDB when it is under test): the recovery code is the same on both.
describe.each(databasesUnderTest().slice(-1))('kill -9 of the server mid-poll and mid-sweep, restarted on the same database (%s)', (kind) => {
  const dataDir = fs.mkdtempSync(path.join(tmpdir(), 'registry-faults-kill-'));
  let databaseUrl: string | undefined;
  let sim: PlatformSimulator;
  let site: LinkFixture;
  let port: number;
  let server: Proc;
  let t: TestApp;
  let tables: Tables;
  let unit: { id: number; name: string };
  let env: Record<string, string>;

  const boot = async () => {
    server = startProcess('api', 'main.js', env);
    await waitStarted([server]);
    t = await remoteApp(kind, port);
  };

  beforeAll(async () => {
    ensureServerBuilt();
    if (kind === 'mysql') databaseUrl = await createMysqlDatabase(process.env.TEST_MYSQL_URL as string);
    sim = new PlatformSimulator();
    await sim.start();
    site = await startLinkFixture({ latencyMs: [80, 120] });
    port = await freePort();
    env = serverEnv(dataDir, port, { ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), POLL_CONCURRENCY: '2', LINK_CHECK_PER_HOST: '2', LINK_CHECK_CONCURRENCY: '2' });
    await boot();
    tables = await openTables(databaseUrl, dataDir);
    unit = await createUnit(t);
  }, 90_000);

  afterAll(async () => {
    if (server) await killHard(server);
    await tables?.close();
    await sim?.stop();
    await site?.close();
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('mid-poll: after the restart the run is closed with exact counters; the next poll stores exactly the missing posts', async () => {
    const ids = await ledgerAccounts(t, unit.name, '微博', 12);
    const served = await feedAccounts(t, sim, ids, `kill${kind}`, 5);
    sim.setFaults({ latencyMs: 200 });
    const started = await t.http.post('/api/polls').set(bearer(t.adminToken)).send({ accountIds: ids });
    expect(started.status).toBe(202);
    const runId = started.body.id as number;
    await until(
      'a part of the accounts polled',
      async () => {
        const [row] = await tables.rows<{ n: number | string }>("SELECT COUNT(*) AS n FROM poll_run_items WHERE run_id = ? AND status <> 'waiting'", [runId]);
        return Number(row.n) >= 3;
      },
      15_000,
      10,
    );
    await killHard(server);
    const before = await tables.rows<{ n: number | string }>('SELECT COUNT(*) AS n FROM posts WHERE account_id IN (?' + ',?'.repeat(ids.length - 1) + ')', ids);
    await boot();
    sim.clearFaults();

    const killed = await t.http.get(`/api/polls/${runId}`).set(bearer(t.adminToken));
    expect(killed.body.status).toBe('failed');
    expect(killed.body.finishedAt).toEqual(expect.any(String));
    const counters = await expectRunMatchesItems(tables, runId);
    // Every account is accounted for: polled, or failed by the interruption.
    expect(Number(counters.succeeded) + Number(counters.failed)).toBe(ids.length);
    expect(Number(counters.succeeded)).toBeGreaterThanOrEqual(3);
    expect(Number(counters.succeeded)).toBeLessThan(ids.length);
    expect(await tables.rows("SELECT id FROM poll_runs WHERE status = 'running'")).toEqual([]);

    const total = ids.length * 5;
    const next = await pollNow(t, ids);
    expect(next).toMatchObject({ status: 'done', succeeded: ids.length, failed: 0, newPosts: total - Number(before[0].n) });
    await expectPostsExactly(tables, served);
  });

  it('mid-sweep: after the restart the run is closed with exact counters; the next sweep checks every column', async () => {
    const [accountId] = await ledgerAccounts(t, unit.name, '微信公众号', 1);
    const columnIds = await addColumns(
      t,
      accountId,
      Array.from({ length: 40 }, (_, i) => `${site.origin}/ok?k=${i}`),
    );
    const started = await t.http.post('/api/link-checks').set(bearer(t.adminToken)).send({ columnIds });
    expect(started.status).toBe(202);
    const runId = started.body.id as number;
    await until(
      'a part of the columns checked',
      async () => {
        const [row] = await tables.rows<{ n: number | string }>("SELECT COUNT(*) AS n FROM link_check_items WHERE run_id = ? AND status <> 'waiting'", [runId]);
        return Number(row.n) >= 6;
      },
      15_000,
      10,
    );
    await killHard(server);
    await boot();

    const killed = await t.http.get(`/api/link-checks/${runId}`).set(bearer(t.adminToken));
    expect(runEnded(killed.body.status)).toBe(true);
    expect(await tables.rows("SELECT id FROM link_check_runs WHERE status IN ('queued', 'running')")).toEqual([]);
    await expectLinkRunMatchesItems(tables, runId);

    const again = await t.http.post('/api/link-checks').set(bearer(t.adminToken)).send({ columnIds });
    const done = await until(
      'the next sweep to finish',
      async () => {
        const res = await t.http.get(`/api/link-checks/${again.body.id}`).set(bearer(t.adminToken));
        return runEnded(res.body.status) && res.body;
      },
      30_000,
      100,
    );
    expect(done).toMatchObject({ status: 'done', total: columnIds.length, done: columnIds.length, ok: columnIds.length });
    const [checked] = await tables.rows<{ n: number | string }>("SELECT COUNT(*) AS n FROM columns WHERE account_id = ? AND health = 'ok'", [accountId]);
    expect(Number(checked.n)).toBe(columnIds.length);
  });
});
