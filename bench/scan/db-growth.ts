/**
 * [content] measurement (not a test): how much the database grows per 100,000 posts once posts
 * carry bodies (~1 KB of Chinese text each, stored capped with a content hash), against the same
 * posts without bodies. SQLite always; MariaDB too when BENCH_MYSQL_URL is set.
 *
 *   npm run bench:body-growth
 *   BENCH_POSTS=100000 BENCH_MYSQL_URL=mysql://root:@127.0.0.1:3306/mysql npm run bench:body-growth
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { MYSQL_MIGRATIONS, SQLITE_MIGRATIONS } from '../../src/database/migrations';
import { storedBody } from '../../src/modules/source-kinds/post-body';
import { buildCorpus } from './corpus';

const POSTS = Number(process.env.BENCH_POSTS ?? 100_000);
const CHUNK = 500;

interface Row {
  account_id: number;
  platform_post_id: string;
  title: string;
  url: string;
  published_at: string;
  origin: string;
  created_at: string;
  body: string | null;
  body_truncated: number;
  content_hash: string | null;
}

function rows(withBodies: boolean): Row[] {
  const { posts } = buildCorpus(POSTS, 100);
  return posts.map((p) => {
    const stored = storedBody(p.title, withBodies ? p.body : null);
    const at = p.publishedAt.toISOString().replace('T', ' ').replace('Z', '');
    return {
      account_id: 1,
      platform_post_id: `p-${p.id}`,
      title: p.title,
      url: p.url ?? '',
      published_at: at,
      origin: 'feed',
      created_at: at,
      body: stored.body,
      body_truncated: stored.truncated ? 1 : 0,
      content_hash: withBodies ? stored.contentHash : null,
    };
  });
}

async function insert(db: DataSource, data: Row[], quote: string): Promise<void> {
  const columns = Object.keys(data[0]);
  const list = columns.map((c) => `${quote}${c}${quote}`).join(', ');
  for (let i = 0; i < data.length; i += CHUNK) {
    const chunk = data.slice(i, i + CHUNK);
    const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await db.query(
      `INSERT INTO ${quote}posts${quote} (${list}) VALUES ${values}`,
      chunk.flatMap((r) => columns.map((c) => r[c as keyof Row])),
    );
  }
}

async function sqliteSize(withBodies: boolean): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'body-growth-'));
  const file = path.join(dir, 'db.sqlite');
  const db = new DataSource({ type: 'better-sqlite3', database: file, migrations: SQLITE_MIGRATIONS, migrationsRun: true });
  await db.initialize();
  await db.query('PRAGMA foreign_keys = OFF');
  const before = statSync(file).size;
  await db.transaction(async (m) => insert(m.connection, rows(withBodies), '"'));
  await db.query('VACUUM');
  const after = statSync(file).size;
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
  return after - before;
}

async function mysqlSize(url: string, withBodies: boolean): Promise<number> {
  const name = `body_growth_${withBodies ? 'b' : 'n'}_${process.pid}`;
  const admin = new DataSource({ type: 'mysql', url });
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = new DataSource({ type: 'mysql', url: target.toString(), migrations: MYSQL_MIGRATIONS, migrationsRun: true, charset: 'utf8mb4' });
  await db.initialize();
  await db.query('SET FOREIGN_KEY_CHECKS = 0');
  await insert(db, rows(withBodies), '`');
  await db.query('ANALYZE TABLE `posts`');
  const [size] = await db.query(`SELECT data_length + index_length AS bytes FROM information_schema.tables WHERE table_schema = ? AND table_name = 'posts'`, [name]);
  await db.destroy();
  await admin.query(`DROP DATABASE \`${name}\``);
  await admin.destroy();
  return Number(size.bytes);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const per100k = (bytes: number) => mb((bytes / POSTS) * 100_000);

async function main(): Promise<void> {
  const sample = rows(true);
  const bodyBytes = sample.reduce((n, r) => n + Buffer.byteLength(r.body ?? ''), 0);
  console.log(`${POSTS} posts, bodies ${(bodyBytes / POSTS).toFixed(0)} B of UTF-8 on average`);
  const [without, withBodies] = [await sqliteSize(false), await sqliteSize(true)];
  console.log(`SQLite: posts without bodies ${per100k(without)} per 100,000; with bodies ${per100k(withBodies)}; growth ${per100k(withBodies - without)} per 100,000 posts`);
  const url = process.env.BENCH_MYSQL_URL;
  if (url) {
    const [n, b] = [await mysqlSize(url, false), await mysqlSize(url, true)];
    console.log(`MariaDB (InnoDB data + indexes): without bodies ${per100k(n)} per 100,000; with bodies ${per100k(b)}; growth ${per100k(b - n)} per 100,000 posts`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
