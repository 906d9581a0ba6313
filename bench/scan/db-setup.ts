/**
 * [content] benchmark setup: a SQLite database (the application's migrations) holding a
 * district's register — 60 units, 500 accounts, the `wordCount` 错敏词 library, 50 leaders and
 * `posts` posts with ~1 KB bodies — written a chunk at a time (never all posts in memory).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { SQLITE_MIGRATIONS } from '../../src/database/migrations';
import { normalizeText } from '../../src/modules/error-words/matcher';
import type { ScannedPost } from '../../src/modules/findings/detectors/types';
import { storedBody } from '../../src/modules/source-kinds/post-body';
import { buildPosts, buildRules, Corpus } from './corpus';

const GENERATE = 5000;
const INSERT = 200;

/** The pragmas the application sets on its SQLite connection (database/data-source.ts). */
export const SQLITE_PRAGMAS = (db: { pragma(sql: string): unknown }) => {
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
};

const sqlTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Anything that runs SQL: a DataSource or a transaction's EntityManager. */
export interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

async function insertRows(db: Sql, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += INSERT) {
    const chunk = rows.slice(i, i + INSERT);
    await db.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
      chunk.flatMap((r) => columns.map((c) => r[c])),
    );
  }
}

/** Posts as the posts module stores them (capped body, content hash). */
export async function insertPosts(db: Sql, posts: ScannedPost[]): Promise<void> {
  const now = sqlTime(new Date());
  await insertRows(
    db,
    'posts',
    posts.map((p) => {
      const stored = storedBody(p.title, p.body ?? null);
      return {
        id: p.id,
        account_id: p.accountId,
        platform_post_id: `p-${p.id}`,
        title: p.title,
        url: p.url,
        published_at: sqlTime(p.publishedAt),
        origin: 'feed',
        created_at: now,
        body: stored.body,
        body_truncated: stored.truncated ? 1 : 0,
        content_hash: stored.contentHash,
      };
    }),
  );
}

/** Creates the database in `file`; returns the rules it holds. */
export async function setUpDatabase(file: string, posts: number, wordCount: number): Promise<Pick<Corpus, 'words' | 'leaders'>> {
  const db = new DataSource({ type: 'better-sqlite3', database: file, migrations: SQLITE_MIGRATIONS, migrationsRun: true, prepareDatabase: SQLITE_PRAGMAS });
  await db.initialize();
  const rules = buildRules(wordCount);
  const now = sqlTime(new Date());
  await db.transaction(async (m) => {
    await m.query('DELETE FROM "error_word_allows"');
    await m.query('DELETE FROM "error_words"');
    await insertRows(
      m,
      'units',
      Array.from({ length: 60 }, (_, i) => ({ id: i + 1, name: `单位${i + 1}`, kind: 'department', created_at: now, updated_at: now })),
    );
    await insertRows(
      m,
      'accounts',
      Array.from({ length: 500 }, (_, i) => ({
        id: i + 1,
        unit_id: 1 + ((i + 1) % 60),
        platform: 'wechat',
        name: `账号${i + 1}`,
        state: 'opened',
        created_at: now,
        updated_at: now,
      })),
    );
    await insertRows(
      m,
      'error_words',
      rules.words.map((w) => ({
        id: w.id,
        wrong: w.wrong,
        wrong_norm: normalizeText(w.wrong),
        correct: w.correct,
        category: w.category,
        severity: w.severity ?? 'general',
        created_at: now,
        updated_at: now,
      })),
    );
    await insertRows(
      m,
      'leaders',
      rules.leaders.map((l) => ({ name: l.name, title: l.title, valid_from: l.validFrom, valid_to: l.validTo, created_at: now, updated_at: now })),
    );
  });
  for (let first = 1; first <= posts; first += GENERATE) {
    const chunk = buildPosts(Math.min(GENERATE, posts - first + 1), rules, 42, first);
    await db.transaction((m) => insertPosts(m, chunk));
  }
  await db.query('PRAGMA wal_checkpoint(TRUNCATE)');
  await db.destroy();
  return rules;
}
