/**
 * [inspection] benchmark (issue #19, Speed): a 2023Q3 round over 2,000 accounts (200 units) with
 * 500,000 posts, 20,000 findings, 5,000 columns (two link checks each) and 100 repost tasks,
 * written with bulk INSERTs. Measures the evaluation run (InspectionEvaluationService, the
 * chunked read model) — wall time and peak RSS — against a naive loop that asks the same
 * questions with one query per account and question, in the same run.
 *   npm run bench:inspection
 *   BENCH_MYSQL_URL=mysql://root:@127.0.0.1:3306/test npm run bench:inspection
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import type { Actor } from '../../src/common/roles';
import { loadConfig } from '../../src/config/app-config';
import { InspectionEvaluationService } from '../../src/modules/inspections/inspection-evaluation.service';
import { InspectionsService } from '../../src/modules/inspections/inspections.service';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { createMysqlDatabase, dropMysqlDatabase } from '../../test/e2e/support/mysql';

const UNITS = 200;
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
const POSTS = Number(process.env.BENCH_POSTS ?? 500_000);
const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 20_000);
const COLUMNS = Number(process.env.BENCH_COLUMNS ?? 5000);
const TASKS = 100;
const ADMIN: Actor = { id: 1, username: 'admin', role: 'admin', unitId: null };
const FROM = Date.parse('2023-06-30T16:00:00Z');
const TO = Date.parse('2023-09-30T16:00:00Z');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const sqlTime = (ms: number) => `'${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}'`;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

async function bulk(ds: DataSource, table: string, columns: string[], rows: Iterable<string>, perStatement = 500): Promise<void> {
  const q = (n: string) => ds.driver.escape(n);
  const head = `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES `;
  let batch: string[] = [];
  const sqlite = ds.options.type === 'better-sqlite3';
  if (sqlite) await ds.query('BEGIN');
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= perStatement) {
      await ds.query(head + batch.join(','));
      batch = [];
    }
  }
  if (batch.length) await ds.query(head + batch.join(','));
  if (sqlite) await ds.query('COMMIT');
}

async function generate(ds: DataSource): Promise<void> {
  const now = sqlTime(Date.now());
  const opened = sqlTime(Date.parse('2021-03-05T00:00:00Z'));
  const random = rng(11);
  await bulk(
    ds,
    'units',
    ['name', 'kind', 'code', 'status', 'created_at', 'updated_at'],
    (function* () {
      for (let i = 1; i <= UNITS; i++) yield `('单位${i}', 'town', 'U${String(i).padStart(4, '0')}', 'active', ${now}, ${now})`;
    })(),
  );
  await bulk(
    ds,
    'accounts',
    ['unit_id', 'platform', 'name', 'state', 'opened_at', 'approved_at', 'created_at', 'updated_at'],
    (function* () {
      for (let i = 0; i < ACCOUNTS; i++) yield `(${(i % UNITS) + 1}, '${i % 2 ? 'weibo' : 'wechat'}', '账号${i + 1}', 'opened', ${opened}, ${opened}, ${now}, ${now})`;
    })(),
  );
  await bulk(
    ds,
    'posts',
    ['account_id', 'platform_post_id', 'title', 'url', 'published_at', 'is_repost', 'origin', 'created_at'],
    (function* () {
      for (let i = 0; i < POSTS; i++) {
        // Every tenth account falls silent in September (内容不更新).
        const account = Math.floor(random() * ACCOUNTS) + 1;
        const end = account % 10 === 3 ? TO - 20 * 86400000 : TO;
        yield `(${account}, 'p${i}', '信息${i}', 'https://mp.example.cn/p${i}', ${sqlTime(FROM - 90 * 86400000 + Math.floor(random() * (end - FROM + 90 * 86400000)))}, ${random() < 0.3 ? 1 : 0}, 'manual', ${now})`;
      }
    })(),
    ds.options.type === 'better-sqlite3' ? 500 : 2000,
  );
  await bulk(
    ds,
    'findings',
    ['kind', 'status', 'subject_type', 'subject_id', 'account_id', 'unit_id', 'message', 'evidence', 'evidence_key', 'detected_at', 'last_seen_at'],
    (function* () {
      for (let i = 0; i < FINDINGS; i++) {
        const account = Math.floor(random() * ACCOUNTS) + 1;
        const at = new Date(FROM - 30 * 86400000 + Math.floor(random() * (TO - FROM + 60 * 86400000)));
        const evidence = JSON.stringify({
          post: { id: i + 1, title: `信息${i}`, url: `https://mp.example.cn/p${i}`, publishedAt: at.toISOString() },
          words: [{ wrong: '错词', correct: '正词' }],
        });
        yield `('error_word', 'open', 'post', 'f${i}', ${account}, ${((account - 1) % UNITS) + 1}, '含错误表述', '${evidence}', 'k${i}', ${sqlTime(at.getTime() + 3600000)}, ${now})`;
      }
    })(),
  );
  await bulk(
    ds,
    'columns',
    ['account_id', 'name', 'url', 'health', 'created_at', 'updated_at'],
    (function* () {
      for (let i = 0; i < COLUMNS; i++) yield `(${(i % ACCOUNTS) + 1}, '栏目${i}', 'https://example.gov.cn/c${i}/', 'ok', ${opened}, ${now})`;
    })(),
  );
  await bulk(
    ds,
    'link_checks',
    ['column_id', 'health', 'reason', 'redirects', 'requests', 'duration_ms', 'confirmation', 'checked_at'],
    (function* () {
      for (let i = 1; i <= COLUMNS; i++) {
        const broken = random() < 0.05;
        yield `(${i}, '${broken ? 'broken' : 'ok'}', '${broken ? 'http_status' : 'ok'}', 0, 1, 100, 0, ${sqlTime(TO - 10 * 86400000)})`;
        yield `(${i}, 'ok', 'ok', 0, 1, 100, 0, ${sqlTime(TO + 10 * 86400000)})`;
      }
    })(),
  );
  await bulk(
    ds,
    'repost_tasks',
    ['title', 'source_url', 'issued_at', 'due_at', 'platforms', 'computed_at', 'created_at', 'updated_at'],
    (function* () {
      for (let t = 0; t < TASKS; t++) {
        const issued = FROM + Math.floor(((t + 0.5) / TASKS) * (TO - FROM - 5 * 86400000));
        yield `('转发任务${t + 1}', 'https://www.gov.cn/${t}.htm', ${sqlTime(issued)}, ${sqlTime(issued + 2 * 86400000)}, '["wechat"]', ${now}, ${now}, ${now})`;
      }
    })(),
  );
  await bulk(
    ds,
    'repost_task_results',
    ['task_id', 'account_id', 'unit_id', 'status', 'computed_at'],
    (function* () {
      for (let t = 1; t <= TASKS; t++) for (let a = 1; a <= ACCOUNTS; a += 2) yield `(${t}, ${a}, ${((a - 1) % UNITS) + 1}, '${random() < 0.9 ? 'done' : 'missing'}', ${now})`;
    })(),
    2000,
  );
  await bulk(ds, 'targets', ['quarter', 'unit_id', 'posts', 'reposts', 'created_at', 'updated_at'], ["('2023Q3', 0, 600, 0, " + now + ', ' + now + ')']);
}

/** The same questions, one query per account and question (what a first version would do). */
async function naive(ds: DataSource, accountIds: number[]): Promise<number> {
  const q = (n: string) => ds.driver.escape(n);
  const p = '?';
  // better-sqlite3 binds no Date: times as its stored text; MySQL takes the Date.
  const at = (ms: number) => (ds.options.type === 'mysql' ? new Date(ms) : new Date(ms).toISOString().replace('T', ' ').replace('Z', ''));
  const asOf = at(TO);
  let hits = 0;
  for (const id of accountIds) {
    const [recent] = await ds.query(`SELECT COUNT(*) AS n FROM ${q('posts')} WHERE ${q('account_id')} = ${p} AND ${q('published_at')} >= ${p} AND ${q('published_at')} < ${p}`, [
      id,
      at(TO - 14 * 86400000),
      asOf,
    ]);
    const findings = await ds.query(`SELECT ${q('id')}, ${q('evidence')} FROM ${q('findings')} WHERE ${q('account_id')} = ${p} AND ${q('kind')} = 'error_word'`, [id]);
    const columns = await ds.query(`SELECT ${q('id')} FROM ${q('columns')} WHERE ${q('account_id')} = ${p}`, [id]);
    for (const c of columns) {
      const [last] = await ds.query(
        `SELECT ${q('health')} FROM ${q('link_checks')} WHERE ${q('column_id')} = ${p} AND ${q('checked_at')} <= ${p} ORDER BY ${q('checked_at')} DESC LIMIT 1`,
        [c.id, asOf],
      );
      if (last?.health === 'broken') hits++;
    }
    const missed = await ds.query(`SELECT COUNT(*) AS n FROM ${q('repost_task_results')} WHERE ${q('account_id')} = ${p} AND ${q('status')} = 'missing'`, [id]);
    hits += (Number(recent.n) ? 0 : 1) + findings.filter((f: { evidence: string }) => JSON.parse(String(f.evidence)).post).length + Number(missed[0].n);
  }
  return hits;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; peakMb: number; value: T }> {
  peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - started), peakMb: Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1048576), value };
}

async function run(kind: 'sqlite' | 'mysql'): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-inspection-'));
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
  try {
    const ds = app.get(DataSource);
    let started = performance.now();
    await generate(ds);
    await ds.query(kind === 'mysql' ? 'ANALYZE TABLE `posts`, `findings`, `link_checks`, `repost_task_results`' : 'ANALYZE');
    console.log(`[${kind}] data in ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    const round = await app.get(InspectionsService).create({ quarter: '2023Q3', sampleRate: 1, seed: 1 }, ADMIN);
    console.log(`[${kind}] round of ${round.accounts} accounts created in ${Math.round(performance.now() - started)} ms`);
    const ours = await timed(async () => {
      await app.get(InspectionEvaluationService).request(round.id, ADMIN.id);
      await app.get<JobQueue>(JOB_QUEUE).drain();
      return app.get(InspectionsService).get(round.id, ADMIN);
    });
    if (ours.value.evaluation?.status !== 'done') throw new Error(`evaluation: ${JSON.stringify(ours.value.evaluation)}`);
    console.log(`[${kind}] evaluation ${ours.ms} ms (peak ${ours.peakMb} MB)`);
    const ids = Array.from({ length: ACCOUNTS }, (_, i) => i + 1);
    const loop = await timed(() => naive(ds, ids));
    const s = ours.value.summary!;
    console.log(`[${kind}] evaluation ${ours.ms} ms (peak ${ours.peakMb} MB): ${s.accounts} accounts, ${s.passed} passed, ${s.failed} failed; naive loop ${loop.ms} ms`);
    return `| ${kind} | ${ACCOUNTS} | ${POSTS.toLocaleString('en')} | ${FINDINGS.toLocaleString('en')} | ${COLUMNS.toLocaleString('en')} | ${ours.ms} ms | ${ours.peakMb} MB | ${loop.ms} ms |`;
  } finally {
    await app.close();
    if (databaseUrl) await dropMysqlDatabase(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const kinds: ('sqlite' | 'mysql')[] = process.env.BENCH_MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];
  const rows: string[] = [];
  for (const kind of kinds) rows.push(await run(kind));
  console.log('\n| database | accounts | posts | findings | columns | evaluation | peak RSS | naive per-account loop |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  clearInterval(sampler);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
