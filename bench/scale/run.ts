/**
 * [scale] benchmark (not a test): the 10,000-link sweep and the 2,000-account poll in queue mode
 * with 1, 2 and 4 worker processes (BullMQ on Redis, MariaDB), beside the in-process figure, in
 * one run. Reuses the setups of bench/links (20 loopback hosts, the fixture's mix, 20–80 ms) and
 * bench/polling (the platform simulator, 2,000 accounts × 50 items). Every scenario starts from
 * a fresh database. Reports wall time, throughput, and where the time goes: CPU and event-loop
 * use of every process (workers, the bench process that serves the fixtures and enqueues,
 * MariaDB, Redis), the database time the workers waited for, requests in flight at the link
 * hosts, and the machine's load average before and after.
 *
 *   npm run bench:scale
 *   BENCH_MYSQL_URL=mysql://root:@127.0.0.1:3306/test BENCH_REDIS_URL=redis://127.0.0.1:6379/15 \
 *   BENCH_WORKERS=1,2,4 BENCH_ONLY=links,polls BENCH_LINKS=10000 BENCH_ACCOUNTS=2000 npm run bench:scale
 *   BENCH_PROFILE_DIR=/tmp/prof …   # and a V8 CPU profile of every process it starts
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { Account } from '../../src/modules/accounts/account.entity';
import { AccountColumn } from '../../src/modules/columns/column.entity';
import { LinkHealthService } from '../../src/modules/link-health/link-health.service';
import { LinkCheckRun } from '../../src/modules/link-health/link-check.entity';
import { PollingService } from '../../src/modules/polling/polling.service';
import { PollRun } from '../../src/modules/polling/poll-run.entity';
import { Post } from '../../src/modules/posts/post.entity';
import { Unit } from '../../src/modules/units/unit.entity';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { PlatformSimulator } from '../../test/simulator/platform-simulator';
import { buildLinks, startBenchHosts } from '../links/run';
import { seedPollingAccounts } from '../polling/run';
import type { ProbeStats } from './probe';
import { Child, ask, pidOf, procCpuMs, startChild, stopChild, until } from './processes';
import { MYSQL_URL, REDIS_URL, createBenchDatabase, deleteRedisKeys, dropBenchDatabase } from './services';

const WORKERS = (process.env.BENCH_WORKERS || '1,2,4').split(',').map(Number);
const ONLY = (process.env.BENCH_ONLY || 'links,polls').split(',');
const LINKS = Number(process.env.BENCH_LINKS || 10_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS || 2000);
const ITEMS = Number(process.env.BENCH_ITEMS || 50);
// Compiled to dist/bench/bench/scale: the worker compiled with it.
const WORKER_JS = path.resolve(__dirname, '..', '..', 'src', 'worker.js');

type Kind = 'links' | 'polls';

/** The link settings of bench/links ("ours") and the poll settings of bench/polling. */
function benchEnv(databaseUrl: string, dataDir: string, queuePrefix?: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    WEB_DIR: path.join(dataDir, 'no-web'),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'bench-scale-secret-0123456789abcdef',
    ADMIN_PASSWORD: 'Bench#12345',
    APP_SECRET_KEY: 'cd'.repeat(32),
    LINK_SWEEP_CRON: 'off',
    POLL_SCHEDULER: 'off',
    FINDINGS_SCHEDULER: 'off',
    REPOST_REMINDER_SCHEDULER: 'off',
    RECERTIFY_SCHEDULER: 'off',
    LINK_CHECK_ALLOW_PRIVATE: 'true',
    LINK_CHECK_CONCURRENCY: '100',
    LINK_CHECK_PER_HOST: '10',
    LINK_CHECK_MIN_GAP_MS: '0',
    LINK_CHECK_TIMEOUT_MS: '2000',
    LINK_CHECK_CONNECT_TIMEOUT_MS: '2000',
    LINK_CHECK_RETRIES: '2',
    LINK_CHECK_BACKOFF_MS: '200',
    LINK_CHECK_RETRY_AFTER_CAP_MS: '1000',
    LINK_CHECK_EARLY_RETRY_MS: '400',
    // The confirming re-check of newly broken links right away (production waits 30 s).
    LINK_CHECK_CONFIRM_DELAY_MS: '0',
    SOURCE_ALLOW_PRIVATE: 'true',
    POLL_CONCURRENCY: '16',
    POLL_BUDGET_PER_MINUTE: '1000000',
    ...(queuePrefix ? { REDIS_URL, QUEUE_PREFIX: queuePrefix } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// The in-process runner (a child: the whole application in one process, the in-process queue)
// ---------------------------------------------------------------------------------------------

async function inProcessRunner(): Promise<void> {
  const app = await createApp(loadConfig(process.env));
  await app.init();
  process.on('message', (m: { bench?: string; kind?: Kind; ids?: number[] }) => {
    if (m?.bench === 'go') {
      void (async () => {
        const started = process.hrtime.bigint();
        const runId = m.kind === 'links' ? (await app.get(LinkHealthService).startScheduledSweep()).id : (await app.get(PollingService).startRun(m.ids ?? [], 'manual', null)).id;
        await app.get<JobQueue>(JOB_QUEUE).drain();
        process.send!({ bench: 'done', runId, wallMs: Number(process.hrtime.bigint() - started) / 1e6 });
      })();
    } else if (m?.bench === 'close') {
      void app.close().then(() => process.exit(0));
    }
  });
  process.send!({ bench: 'ready' });
}

// ---------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------

interface Measured {
  kind: Kind;
  cycle: string;
  mode: string;
  workers: number;
  wallMs: number;
  items: number;
  procs: ProbeStats[];
  benchCpuMs: number;
  dbServerCpuMs: number | null;
  redisCpuMs: number | null;
  load: [number, number];
  extra: Record<string, string | number>;
}

interface Fixtures {
  hosts: Awaited<ReturnType<typeof startBenchHosts>>;
  links: ReturnType<typeof buildLinks>;
  sim: PlatformSimulator;
  simUrl: string;
}

const dbPid = pidOf('mariadbd') ?? pidOf('mysqld');
const redisPid = pidOf('redis-server');

async function seed(kind: Kind, app: INestApplication, fx: Fixtures): Promise<number[]> {
  const ds = app.get(DataSource);
  if (kind === 'polls') return seedPollingAccounts(app, fx.sim, fx.simUrl, ACCOUNTS, ITEMS);
  // The links as columns: 100 accounts of one unit, bulk inserted (seeding is not measured).
  const unit = await ds.getRepository(Unit).save(ds.getRepository(Unit).create({ name: '基准测试单位', kind: 'town', code: 'BENCHL', status: 'active' } as Partial<Unit>));
  const now = new Date();
  const accounts = Array.from({ length: 100 }, (_, i) => ({
    unitId: unit.id,
    platform: 'wechat',
    name: `基准栏目账号${i}`,
    state: 'opened',
    openedAt: now,
    createdAt: now,
    updatedAt: now,
  }));
  await ds
    .createQueryBuilder()
    .insert()
    .into(Account)
    .values(accounts as never)
    .updateEntity(false)
    .execute();
  const accountIds = (await ds.getRepository(Account).find({ select: { id: true }, order: { id: 'ASC' } })).map((a) => a.id);
  const columns = fx.links.map((link, i) => ({ accountId: accountIds[i % accountIds.length], name: `栏目${i}`, url: link.url, health: 'unknown', createdAt: now, updatedAt: now }));
  for (let i = 0; i < columns.length; i += 500)
    await ds
      .createQueryBuilder()
      .insert()
      .into(AccountColumn)
      .values(columns.slice(i, i + 500) as never)
      .updateEntity(false)
      .execute();
  return [];
}

/** Checks the sweep's verdicts against the fixture's ground truth. */
async function linkAccuracy(ds: DataSource, fx: Fixtures): Promise<string> {
  const truth = new Map(fx.links.map((l) => [l.url, l.health]));
  const columns = await ds.getRepository(AccountColumn).find({ select: { url: true, health: true } });
  const right = columns.filter((c) => truth.get(c.url) === c.health).length;
  return `${((right / columns.length) * 100).toFixed(1)}%`;
}

async function scenario(kind: Kind, workers: number, fx: Fixtures, log: (m: Measured) => void): Promise<void> {
  const mode = workers === 0 ? 'in-process' : 'queue';
  const databaseUrl = await createBenchDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-scale-'));
  const prefix = `bench-scale-${process.pid}-${kind}-${workers}`;
  const env = benchEnv(databaseUrl, dataDir, workers ? prefix : undefined);
  // The bench process: seeds, and in queue mode enqueues the run and watches the queue (it runs no job).
  const app = await createApp(loadConfig({ ...env, ...(workers ? { RUN_JOBS: 'false' } : {}) }));
  await app.init();
  const children: Child[] = [];
  try {
    const ids = await seed(kind, app, fx);
    const ds = app.get(DataSource);
    if (workers) {
      for (let n = 1; n <= workers; n++) children.push(startChild(`worker${n}`, [WORKER_JS], env));
      await until('the workers to start', () => children.every((c) => /worker \d+ started/.test(c.output)), 120_000, children);
    } else {
      children.push(startChild('in-process', [__filename, '--in-process'], env));
      await ask(children[0], {}, 'ready', 120_000);
    }
    const cycles = kind === 'polls' ? ['full', 'incremental'] : ['sweep'];
    for (const cycle of cycles) {
      await Promise.all(children.map((c) => ask(c, { bench: 'mark' }, 'marked')));
      // Request counts, and the per-URL state of the flaky cases (503 then ok, 429 then ok), start afresh.
      fx.hosts.fixture.reset();
      fx.hosts.resetGauge();
      fx.sim.resetLog();
      const postsBefore = kind === 'polls' ? await ds.getRepository(Post).count() : 0;
      const load: [number, number] = [loadavg()[0], 0];
      const benchCpu = process.cpuUsage();
      const dbCpu = procCpuMs(dbPid);
      const redisCpu = procCpuMs(redisPid);
      const started = process.hrtime.bigint();
      let wallMs: number;
      let runId: number;
      if (workers) {
        runId = kind === 'links' ? (await app.get(LinkHealthService).startScheduledSweep()).id : (await app.get(PollingService).startRun(ids, 'manual', null)).id;
        const runs = kind === 'links' ? ds.getRepository(LinkCheckRun) : ds.getRepository(PollRun);
        await until('the run to finish', async () => ['done', 'failed'].includes((await runs.findOneByOrFail({ id: runId })).status), 900_000, children);
        // Then whatever the run set off (findings scans, repost matching, alert deliveries).
        await app.get<JobQueue>(JOB_QUEUE).drain();
        wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      } else {
        const done = await ask<{ runId: number; wallMs: number }>(children[0], { bench: 'go', kind, ids }, 'done', 900_000);
        runId = done.runId;
        wallMs = done.wallMs;
      }
      const cpu = process.cpuUsage(benchCpu);
      const procs = await Promise.all(children.map((c) => ask<{ stats: ProbeStats }>(c, { bench: 'stats' }, 'stats').then((r) => r.stats)));
      const dbAfter = procCpuMs(dbPid);
      const redisAfter = procCpuMs(redisPid);
      load[1] = loadavg()[0];
      const extra: Record<string, string | number> = {};
      if (kind === 'links') {
        const run = await ds.getRepository(LinkCheckRun).findOneByOrFail({ id: runId });
        const gauge = fx.hosts.inFlight();
        Object.assign(extra, {
          status: run.status,
          done: `${run.done}/${run.total}`,
          requests: fx.hosts.fixture.count(),
          inFlight: `${gauge.peak} / ${(gauge.area / wallMs).toFixed(0)}`,
          accuracy: await linkAccuracy(ds, fx),
        });
      } else {
        const run = await ds.getRepository(PollRun).findOneByOrFail({ id: runId });
        Object.assign(extra, {
          status: run.status,
          done: `${run.succeeded + run.failed}/${run.total}`,
          failed: run.failed,
          requests: fx.sim.counts.total,
          rowsWritten: (await ds.getRepository(Post).count()) - postsBefore,
        });
      }
      const measured: Measured = {
        kind,
        cycle,
        mode,
        workers,
        wallMs,
        items: kind === 'links' ? LINKS : ids.length,
        procs,
        benchCpuMs: (cpu.user + cpu.system) / 1000,
        dbServerCpuMs: dbCpu !== null && dbAfter !== null ? dbAfter - dbCpu : null,
        redisCpuMs: workers && redisCpu !== null && redisAfter !== null ? redisAfter - redisCpu : null,
        load,
        extra,
      };
      log(measured);
    }
  } finally {
    for (const child of children) {
      if (workers) await stopChild(child);
      else {
        child.proc.send({ bench: 'close' });
        await until('the in-process runner to exit', () => child.exited, 30_000).catch(() => child.proc.kill('SIGKILL'));
      }
    }
    await app.close();
    await dropBenchDatabase(databaseUrl);
    if (workers) await deleteRedisKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

function row(m: Measured, base: Measured | undefined): string {
  const rate = m.items / (m.wallMs / 1000);
  const speedup = base ? `${(base.wallMs / m.wallMs).toFixed(2)}×` : '—';
  const workerCpu = m.procs.map((p) => (p.cpuMs / 1000).toFixed(1)).join(' + ');
  const elu = m.procs.map((p) => `${Math.round(p.elu * 100)}%`).join(' ');
  const dbMs = m.procs.reduce((sum, p) => sum + p.dbMs, 0);
  const queries = m.procs.reduce((sum, p) => sum + p.queries, 0);
  const cores = (m.procs.reduce((sum, p) => sum + p.cpuMs, 0) + m.benchCpuMs + (m.dbServerCpuMs ?? 0) + (m.redisCpuMs ?? 0)) / m.wallMs;
  const extra = m.kind === 'links' ? `${m.extra.requests} | ${m.extra.inFlight} | ${m.extra.accuracy}` : `${m.extra.requests} | ${m.extra.rowsWritten} | ${m.extra.failed}`;
  return (
    `| ${m.mode === 'in-process' ? 'in-process' : `${m.workers} worker${m.workers > 1 ? 's' : ''}`} | ${m.cycle} | ${s(m.wallMs)} | ${rate.toFixed(0)} | ${speedup} | ${workerCpu} s | ${elu} | ${s(m.benchCpuMs)} | ${s(m.dbServerCpuMs)} | ${s(m.redisCpuMs)} | ${cores.toFixed(2)} | ` +
    `${s(dbMs)} (${queries}) | ${extra} | ${m.extra.status} ${m.extra.done} | ${m.load[0].toFixed(2)} → ${m.load[1].toFixed(2)} |`
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === '--in-process') return inProcessRunner();
  process.stdout.write(
    `[scale] benchmark, node ${process.version}, MariaDB ${MYSQL_URL.replace(/\/\/[^@]*@/, '//')}, Redis ${REDIS_URL}; workers ${WORKERS.join(', ')} beside in-process; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  process.stdout.write(`MariaDB pid ${dbPid ?? '—'}, Redis pid ${redisPid ?? '—'} (their CPU is the whole server's: other work on the machine counts too)\n\n`);
  const hosts = await startBenchHosts();
  const links = buildLinks(hosts.port, LINKS);
  const sim = new PlatformSimulator();
  sim.recordRequests = false;
  const simUrl = await sim.start();
  const fx: Fixtures = { hosts, links, sim, simUrl };
  const results: Measured[] = [];
  try {
    for (const kind of ONLY as Kind[]) {
      // BENCH_WORKERS=0: the in-process figure alone.
      for (const workers of [0, ...WORKERS.filter((n) => n > 0)]) {
        process.stdout.write(`… ${kind}, ${workers ? `${workers} worker(s)` : 'in-process'}\n`);
        await scenario(kind, workers, fx, (m) => {
          results.push(m);
          process.stdout.write(
            `  ${m.cycle}: ${s(m.wallMs)}, ${(m.items / (m.wallMs / 1000)).toFixed(0)} ${kind === 'links' ? 'links' : 'accounts'}/s, load ${m.load.map((l) => l.toFixed(2)).join(' → ')}\n`,
          );
        });
      }
    }
  } finally {
    hosts.close();
    await sim.stop();
  }
  const header = (kind: Kind) =>
    `| processes | cycle | wall | ${kind === 'links' ? 'links/s' : 'accounts/s'} | vs 1 worker | CPU per worker | event loop busy | bench process CPU (${kind === 'links' ? 'link hosts' : 'simulator'} + enqueue) | MariaDB CPU | Redis CPU | cores used | DB time (queries) | ` +
    `${kind === 'links' ? 'requests | in flight at hosts (peak / mean) | accuracy' : 'requests | rows written | failed'} | run | load avg (1 min) before → after |\n` +
    `|${'---|'.repeat(kind === 'links' ? 17 : 17)}\n`;
  for (const kind of ONLY as Kind[]) {
    const mine = results.filter((r) => r.kind === kind);
    if (!mine.length) continue;
    process.stdout.write(`\n${kind === 'links' ? `Link sweep, ${LINKS} links over 20 hosts` : `Poll, ${ACCOUNTS} accounts × ${ITEMS} items`}:\n\n${header(kind)}`);
    for (const m of mine)
      process.stdout.write(
        `${row(
          m,
          mine.find((b) => b.workers === 1 && b.cycle === m.cycle),
        )}\n`,
      );
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
