/**
 * [polling] benchmark: N accounts × M items on the platform simulator (feeds in RSS, Atom
 * and JSON Feed, the WeChat API and the Weibo API in equal shares): a full poll cycle, then
 * an incremental one (no new items), on SQLite and (with BENCH_MYSQL_URL) on MariaDB/MySQL.
 * Reports wall time, requests, rows written and peak RSS.
 *   npm run bench:polling            # BENCH_ACCOUNTS=2000 BENCH_ITEMS=50 by default
 *   BENCH_MYSQL_URL=mysql://root:@127.0.0.1:3306/test npm run bench:polling
 */
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import type { Actor } from '../../src/common/roles';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { Account } from '../../src/modules/accounts/account.entity';
import { Unit } from '../../src/modules/units/unit.entity';
import { PollingService } from '../../src/modules/polling/polling.service';
import { PollRun } from '../../src/modules/polling/poll-run.entity';
import { Post } from '../../src/modules/posts/post.entity';
import { SourcesService } from '../../src/modules/sources/sources.service';
import { createMysqlDatabase, dropMysqlDatabase } from '../../test/e2e/support/mysql';
import { makePosts, PlatformSimulator } from '../../test/simulator/platform-simulator';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const ADMIN: Actor = { id: 1, username: 'admin', role: 'admin', unitId: null };

interface Cycle {
  wallMs: number;
  requests: number;
  rowsWritten: number;
  newPosts: number;
  failed: number;
  peakRssMb: number;
}

let peakRss = 0;
let sampler: NodeJS.Timeout | undefined;

/**
 * The bench's accounts: `count` opened accounts with `items` posts each on the simulator, one
 * fifth each on RSS 2.0, Atom, JSON Feed, the WeChat API and the Weibo API, their sources set
 * through the application. Returns the account ids. Also used by bench/scale.
 */
export async function seedPollingAccounts(app: INestApplicationContext, sim: PlatformSimulator, simUrl: string, count: number, items: number): Promise<number[]> {
  const ds = app.get(DataSource);
  const unit = await ds.getRepository(Unit).save(ds.getRepository(Unit).create({ name: '基准测试单位', kind: 'town', code: 'BENCH', status: 'active' } as Partial<Unit>));
  const now = new Date();
  const platforms = ['weibo', 'wechat', 'toutiao', 'douyin', 'kuaishou'] as const;
  const rows = Array.from({ length: count }, (_, i) => ({
    unitId: unit.id,
    platform: platforms[i % platforms.length],
    name: `基准账号${i}`,
    state: 'opened',
    openedAt: now,
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await ds
      .createQueryBuilder()
      .insert()
      .into(Account)
      .values(rows.slice(i, i + 200) as never)
      .updateEntity(false)
      .execute();
  const ids = (await ds.getRepository(Account).find({ select: { id: true }, order: { id: 'ASC' } })).map((a) => a.id);
  const sources = app.get(SourcesService);
  for (const [i, id] of ids.entries()) {
    const posts = makePosts(`a${id}`, items, { repostEvery: 7, numericIds: i % 5 === 4, start: new Date(Date.UTC(2023, 6, 1) + i * 1000) });
    if (i % 5 === 4) posts.forEach((p, n) => (p.id = String(4_900_000_000_000_000 + id * 1000 + n)));
    switch (i % 5) {
      case 0:
        await sources.put(id, { kind: 'feed', url: sim.addFeed(`f${id}`, { format: 'rss', posts }) + '.rss' }, ADMIN);
        break;
      case 1:
        await sources.put(id, { kind: 'feed', url: sim.addFeed(`f${id}`, { format: 'atom', posts }) + '.atom' }, ADMIN);
        break;
      case 2:
        await sources.put(id, { kind: 'feed', url: sim.addFeed(`f${id}`, { format: 'json', posts }) + '.json' }, ADMIN);
        break;
      case 3:
        sim.addWechatApp(`wx${id}`, `secret${id}`, posts);
        await sources.put(id, { kind: 'wechat_api', appId: `wx${id}`, appSecret: `secret${id}`, baseUrl: simUrl }, ADMIN);
        break;
      default:
        sim.addWeiboUser(String(100000 + id), `token${id}`, posts);
        await sources.put(id, { kind: 'weibo_api', uid: String(100000 + id), accessToken: `token${id}`, baseUrl: simUrl }, ADMIN);
    }
  }
  return ids;
}

async function run(kind: 'sqlite' | 'mysql'): Promise<{ full: Cycle; incremental: Cycle }> {
  const sim = new PlatformSimulator();
  sim.recordRequests = false;
  const simUrl = await sim.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-polling-'));
  const databaseUrl = kind === 'mysql' ? await createMysqlDatabase(process.env.BENCH_MYSQL_URL as string) : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'Bench#12345',
    SOURCE_ALLOW_PRIVATE: 'true',
    POLL_SCHEDULER: 'off',
    POLL_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '16',
    POLL_BUDGET_PER_MINUTE: '1000000',
    APP_SECRET_KEY: 'cd'.repeat(32),
    WEB_DIR: path.join(dataDir, 'no-web'),
  });
  const app = await createApp(config);
  await app.init();
  try {
    const ids = await seedPollingAccounts(app, sim, simUrl, ACCOUNTS, ITEMS);
    const ds = app.get(DataSource);
    const polling = app.get(PollingService);
    const queue = app.get<JobQueue>(JOB_QUEUE);
    const cycle = async (): Promise<Cycle> => {
      const before = await ds.getRepository(Post).count();
      sim.resetLog();
      peakRss = process.memoryUsage().rss;
      const started = process.hrtime.bigint();
      const runRecord = await polling.startRun(ids, 'manual', null);
      await queue.drain();
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const done = await ds.getRepository(PollRun).findOneByOrFail({ id: runRecord.id });
      const after = await ds.getRepository(Post).count();
      return {
        wallMs: Math.round(wallMs),
        requests: sim.counts.total,
        rowsWritten: after - before,
        newPosts: done.newPosts,
        failed: done.failed,
        peakRssMb: Math.round(peakRss / 1048576),
      };
    };
    const full = await cycle();
    const incremental = await cycle();
    return { full, incremental };
  } finally {
    await app.close();
    await sim.stop();
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const kinds: ('sqlite' | 'mysql')[] = process.env.BENCH_MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];
  const only = process.env.BENCH_DB;
  process.stdout.write(`[polling] benchmark: ${ACCOUNTS} accounts × ${ITEMS} items (1/5 each: RSS, Atom, JSON Feed, WeChat API, Weibo API), node ${process.version}\n\n`);
  process.stdout.write('| DB | cycle | wall time | requests | rows written | new posts | failed | peak RSS |\n|---|---|---|---|---|---|---|---|\n');
  for (const kind of kinds.filter((k) => !only || k === only)) {
    const { full, incremental } = await run(kind);
    for (const [name, c] of [
      ['full', full],
      ['incremental', incremental],
    ] as const) {
      process.stdout.write(
        `| ${kind === 'sqlite' ? 'SQLite' : 'MariaDB'} | ${name} | ${(c.wallMs / 1000).toFixed(2)} s | ${c.requests} | ${c.rowsWritten} | ${c.newPosts} | ${c.failed} | ${c.peakRssMb} MB |\n`,
      );
    }
    process.stdout.write(`| ${kind === 'sqlite' ? 'SQLite' : 'MariaDB'} | incremental / full | ${((incremental.wallMs / full.wallMs) * 100).toFixed(1)} % | | | | | |\n`);
  }
  clearInterval(sampler);
}

// Run as a command; imported by bench/scale for the accounts above.
if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
