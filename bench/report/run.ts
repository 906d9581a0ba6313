/**
 * [report] benchmark: 1,000 units, 10,000 opened accounts, 500 repost tasks (with their stored
 * per-account results) and N posts spread over 8 quarters (2022Q1–2023Q4), written with bulk
 * multi-row INSERTs (not through the API). Measures the quarterly report (2023Q3) and the
 * repost-compliance listing as JSON and XLSX: wall time and peak RSS, at each size in
 * BENCH_SIZES (posts are added between sizes, so one dataset grows), on SQLite and (with
 * BENCH_MYSQL_URL) on MariaDB/MySQL.
 *   npm run bench:report                                  # BENCH_SIZES=200000,2000000
 *   BENCH_MYSQL_URL=mysql://root:@127.0.0.1:3306/test npm run bench:report
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import type { Actor } from '../../src/common/roles';
import { statisticsWorkbook } from '../../src/modules/reports/report-xlsx';
import { ReportsService } from '../../src/modules/reports/reports.service';
import { complianceWorkbook } from '../../src/modules/repost-tasks/repost-compliance-xlsx';
import { formatTime } from '../../src/modules/repost-tasks/repost-matching.service';
import { RepostTasksService } from '../../src/modules/repost-tasks/repost-tasks.service';
import { createMysqlDatabase, dropMysqlDatabase } from '../../test/e2e/support/mysql';

const UNITS = Number(process.env.BENCH_UNITS ?? 1000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10000);
const TASKS = Number(process.env.BENCH_TASKS ?? 500);
const SIZES = (process.env.BENCH_SIZES ?? '200000,2000000').split(',').map(Number);
const QUARTER = '2023Q3';
const ADMIN: Actor = { id: 1, username: 'admin', role: 'admin', unitId: null };
const PLATFORMS = ['wechat', 'weibo', 'toutiao', 'douyin', 'kuaishou', 'bilibili', 'other'];
// Posts span 2022-01-01 … 2024-01-01 (UTC+8), 8 quarters.
const SPAN_FROM = Date.parse('2021-12-31T16:00:00Z');
const SPAN_TO = Date.parse('2023-12-31T16:00:00Z');

interface Measure {
  wallMs: number;
  peakRssMb: number;
  bytes: number;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

function sqlTime(ms: number): string {
  return `'${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** A tiny deterministic PRNG so both databases get the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

async function bulk(ds: DataSource, table: string, columns: string[], rows: Iterable<string>, perStatement: number): Promise<number> {
  const q = (n: string) => ds.driver.escape(n);
  const head = `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES `;
  let batch: string[] = [];
  let count = 0;
  const flush = async () => {
    if (!batch.length) return;
    await ds.query(head + batch.join(','));
    count += batch.length;
    batch = [];
  };
  const isSqlite = ds.options.type === 'better-sqlite3';
  if (isSqlite) await ds.query('BEGIN');
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= perStatement) await flush();
  }
  await flush();
  if (isSqlite) await ds.query('COMMIT');
  return count;
}

async function generateBase(ds: DataSource): Promise<void> {
  const now = sqlTime(Date.now());
  const random = rng(7);
  await bulk(
    ds,
    'units',
    ['name', 'kind', 'code', 'status', 'created_at', 'updated_at'],
    (function* () {
      for (let i = 1; i <= UNITS; i++)
        yield `('单位${String(i).padStart(4, '0')}', '${i % 3 === 0 ? 'town' : 'department'}', ${i % 50 === 0 ? 'NULL' : `'U${String(i).padStart(4, '0')}'`}, 'active', ${now}, ${now})`;
    })(),
    1000,
  );
  const opened = sqlTime(Date.parse('2021-03-05T00:00:00Z'));
  await bulk(
    ds,
    'accounts',
    ['unit_id', 'platform', 'name', 'state', 'opened_at', 'approved_at', 'operator_name', 'operator_phone', 'created_at', 'updated_at'],
    (function* () {
      for (let i = 0; i < ACCOUNTS; i++)
        yield `(${(i % UNITS) + 1}, '${PLATFORMS[Math.floor(i / UNITS) % PLATFORMS.length]}', '账号${i + 1}', 'opened', ${opened}, ${opened}, '张三', '13800000000', ${now}, ${now})`;
    })(),
    1000,
  );
  // One column per account, two checks each: one inside 2023Q3, one after it.
  await bulk(
    ds,
    'columns',
    ['account_id', 'name', 'url', 'health', 'created_at', 'updated_at'],
    (function* () {
      for (let i = 1; i <= ACCOUNTS; i++)
        yield `(${i}, '政务公开', 'https://example.gov.cn/${i}/', '${random() < 0.02 ? 'broken' : 'ok'}', ${sqlTime(Date.parse('2021-03-05T00:00:00Z'))}, ${now})`;
    })(),
    1000,
  );
  await bulk(
    ds,
    'link_checks',
    ['column_id', 'health', 'reason', 'redirects', 'requests', 'duration_ms', 'confirmation', 'checked_at'],
    (function* () {
      for (let i = 1; i <= ACCOUNTS; i++) {
        const broken = random() < 0.03;
        yield `(${i}, '${broken ? 'broken' : 'ok'}', '${broken ? 'http_status' : 'ok'}', 0, 1, 100, 0, ${sqlTime(Date.parse('2023-09-20T00:00:00Z'))})`;
        yield `(${i}, 'ok', 'ok', 0, 1, 100, 0, ${sqlTime(Date.parse('2023-10-20T00:00:00Z'))})`;
      }
    })(),
    1000,
  );
  // 500 tasks over the 8 quarters, each for every unit's WeChat account, results already computed.
  const computed = sqlTime(Date.parse('2024-01-02T00:00:00Z'));
  await bulk(
    ds,
    'repost_tasks',
    ['title', 'source_url', 'issued_at', 'due_at', 'platforms', 'computed_at', 'created_at', 'updated_at'],
    (function* () {
      for (let t = 0; t < TASKS; t++) {
        const issued = SPAN_FROM + Math.floor(((t + 0.5) / TASKS) * (SPAN_TO - SPAN_FROM));
        yield `('国办转发任务${t + 1}', 'https://www.gov.cn/zhengce/${t + 1}.htm', ${sqlTime(issued)}, ${sqlTime(issued + 2 * 86400000)}, '["wechat"]', ${computed}, ${now}, ${now})`;
      }
    })(),
    500,
  );
  const wechat = Math.min(UNITS, ACCOUNTS);
  await bulk(
    ds,
    'repost_task_results',
    ['task_id', 'account_id', 'unit_id', 'status', 'computed_at'],
    (function* () {
      for (let t = 1; t <= TASKS; t++) {
        for (let a = 1; a <= wechat; a++) {
          const r = random();
          yield `(${t}, ${a}, ${((a - 1) % UNITS) + 1}, '${r < 0.85 ? 'done' : r < 0.9 ? 'late' : 'missing'}', ${computed})`;
        }
      }
    })(),
    2000,
  );
  await bulk(
    ds,
    'targets',
    ['quarter', 'unit_id', 'posts', 'reposts', 'created_at', 'updated_at'],
    (function* () {
      yield `('${QUARTER}', 0, 20, 5, ${now}, ${now})`;
      for (let u = 1; u <= UNITS; u += 10) yield `('${QUARTER}', ${u}, 40, 10, ${now}, ${now})`;
    })(),
    1000,
  );
}

/** Posts number `from` … `to - 1`, evenly over the 8 quarters and over the accounts (some accounts left quiet). */
async function generatePosts(ds: DataSource, from: number, to: number): Promise<void> {
  const random = rng(from + 1);
  const created = sqlTime(Date.now());
  await bulk(
    ds,
    'posts',
    ['account_id', 'platform_post_id', 'title', 'url', 'published_at', 'is_repost', 'source_url', 'origin', 'created_at'],
    (function* () {
      for (let i = from; i < to; i++) {
        // Accounts whose number ends in 7 never post (zero-post / inactive figures).
        let account = (Math.floor(random() * ACCOUNTS) % ACCOUNTS) + 1;
        if (account % 10 === 7) account++;
        const at = SPAN_FROM + Math.floor(random() * (SPAN_TO - SPAN_FROM));
        const repost = random() < 0.3;
        yield `(${account}, 'p${i}', '信息${i}', 'https://mp.weixin.qq.com/s/p${i}', ${sqlTime(at)}, ${repost ? 1 : 0}, ${repost ? `'https://www.gov.cn/x/${i % 997}.htm'` : 'NULL'}, 'manual', ${created})`;
      }
    })(),
    ds.options.type === 'better-sqlite3' ? 500 : 2000,
  );
}

async function measure(fn: () => Promise<number>): Promise<Measure> {
  if (global.gc) global.gc();
  peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const bytes = await fn();
  const wallMs = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { wallMs: Math.round(wallMs), peakRssMb: Math.round(peakRss / 1048576), bytes };
}

async function run(kind: 'sqlite' | 'mysql'): Promise<Record<number, Record<string, Measure>>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-report-'));
  const databaseUrl = kind === 'mysql' ? await createMysqlDatabase(process.env.BENCH_MYSQL_URL as string) : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'Bench#12345',
    POLL_SCHEDULER: 'off',
    LINK_SWEEP_CRON: 'off',
    FINDINGS_SCHEDULER: 'off',
    REPOST_REMINDER_SCHEDULER: 'off',
    WEB_DIR: path.join(dataDir, 'no-web'),
  });
  const app = await createApp(config);
  await app.init();
  const results: Record<number, Record<string, Measure>> = {};
  try {
    const ds = app.get(DataSource);
    const reports = app.get(ReportsService);
    const tasks = app.get(RepostTasksService);
    const formatDate = (iso: string) => formatTime(new Date(iso), config.appTimezone).slice(0, 10);
    let started = performance.now();
    await generateBase(ds);
    console.log(
      `[${kind}] base data (${UNITS} units, ${ACCOUNTS} accounts, ${TASKS} tasks, ${TASKS * Math.min(UNITS, ACCOUNTS)} task results) in ${Math.round(performance.now() - started)} ms`,
    );
    let have = 0;
    for (const size of SIZES) {
      started = performance.now();
      await generatePosts(ds, have, size);
      if (kind === 'mysql') await ds.query('ANALYZE TABLE `posts`, `accounts`, `repost_task_results`');
      else await ds.query('ANALYZE');
      console.log(`[${kind}] posts ${have} → ${size} in ${Math.round(performance.now() - started)} ms`);
      have = size;
      const quarterlyJson = () => measure(async () => JSON.stringify(await reports.quarterly(QUARTER, ADMIN, { live: true })).length);
      const quarterlyXlsx = () => measure(async () => (await statisticsWorkbook(await reports.quarterly(QUARTER, ADMIN, { live: true, format: 'xlsx' }), formatDate)).length);
      const complianceJson = () => measure(async () => JSON.stringify(await tasks.report(QUARTER, ADMIN)).length);
      const complianceXlsx = () => measure(async () => (await complianceWorkbook(await tasks.report(QUARTER, ADMIN), (at) => formatTime(at, config.appTimezone))).length);
      await quarterlyJson(); // warm-up (page cache, statement cache)
      results[size] = {
        quarterlyJson: await quarterlyJson(),
        quarterlyXlsx: await quarterlyXlsx(),
        complianceJson: await complianceJson(),
        complianceXlsx: await complianceXlsx(),
      };
      const sample = await reports.quarterly(QUARTER, ADMIN, { live: true });
      console.log(
        `[${kind}] ${size} posts: 2023Q3 has ${sample.totals.posts + sample.totals.reposts} posts, ${sample.units.length} units, ${sample.inactiveAccounts.length} inactive accounts`,
      );
      console.log(`[${kind}] ${size} posts:`, JSON.stringify(results[size]));
    }
  } finally {
    await app.close();
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

async function main(): Promise<void> {
  const kinds: ('sqlite' | 'mysql')[] = process.env.BENCH_MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];
  if (process.env.BENCH_ONLY === 'mysql') kinds.splice(0, 1);
  const all: Record<string, Record<number, Record<string, Measure>>> = {};
  for (const kind of kinds) all[kind] = await run(kind);
  console.log('\n| database | posts | quarterly JSON | quarterly XLSX | compliance JSON | compliance XLSX | peak RSS (max) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [kind, bySize] of Object.entries(all)) {
    for (const [size, m] of Object.entries(bySize)) {
      const peak = Math.max(...Object.values(m).map((x) => x.peakRssMb));
      console.log(
        `| ${kind} | ${Number(size).toLocaleString('en')} | ${m.quarterlyJson.wallMs} ms | ${m.quarterlyXlsx.wallMs} ms | ${m.complianceJson.wallMs} ms | ${m.complianceXlsx.wallMs} ms | ${peak} MB |`,
      );
    }
  }
  clearInterval(sampler);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
