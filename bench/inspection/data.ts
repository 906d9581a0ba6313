// The [inspection] bench's data (issue #19): 200 units, ACCOUNTS opened accounts, POSTS posts,
// FINDINGS error_word findings, COLUMNS columns with two link checks each, 100 repost tasks with
// per-account results and a default post target, written with bulk INSERTs (deterministic: seeded).
import type { DataSource } from 'typeorm';

export const UNITS = 200;
export const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
export const POSTS = Number(process.env.BENCH_POSTS ?? 500_000);
export const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 20_000);
export const COLUMNS = Number(process.env.BENCH_COLUMNS ?? 5000);
const TASKS = 100;
const FROM = Date.parse('2023-06-30T16:00:00Z');
const TO = Date.parse('2023-09-30T16:00:00Z');
const taskIssued = (t: number) => FROM + Math.floor(((t + 0.5) / TASKS) * (TO - FROM - 5 * 86400000));
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

export async function generate(ds: DataSource): Promise<void> {
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
        const issued = taskIssued(t);
        yield `('转发任务${t + 1}', 'https://www.gov.cn/${t}.htm', ${sqlTime(issued)}, ${sqlTime(issued + 2 * 86400000)}, '["wechat"]', ${now}, ${now}, ${now})`;
      }
    })(),
  );
  await bulk(
    ds,
    'repost_task_results',
    ['task_id', 'account_id', 'unit_id', 'status', 'posted_at', 'computed_at'],
    (function* () {
      // Nine in ten required reposts were made the day after the task was issued.
      for (let t = 1; t <= TASKS; t++) {
        const posted = sqlTime(taskIssued(t - 1) + 86400000);
        for (let a = 1; a <= ACCOUNTS; a += 2)
          yield random() < 0.9 ? `(${t}, ${a}, ${((a - 1) % UNITS) + 1}, 'done', ${posted}, ${now})` : `(${t}, ${a}, ${((a - 1) % UNITS) + 1}, 'missing', NULL, ${now})`;
      }
    })(),
    2000,
  );
  await bulk(ds, 'targets', ['quarter', 'unit_id', 'posts', 'reposts', 'created_at', 'updated_at'], ["('2023Q3', 0, 600, 0, " + now + ', ' + now + ')']);
  await ds.query(ds.options.type === 'mysql' ? 'ANALYZE TABLE `posts`, `findings`, `link_checks`, `repost_task_results`' : 'ANALYZE');
}
