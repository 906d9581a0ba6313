/** The MariaDB and Redis housekeeping of the [scale] bench: a fresh database per scenario, its keys deleted after. */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import mysql from 'mysql2/promise';

export const MYSQL_URL = process.env.BENCH_MYSQL_URL || 'mysql://root:@127.0.0.1:3306/test';
// Its own db index (tests use 11–14 and flush them); only this run's keys are deleted.
export const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/15';

/**
 * A fresh database per scenario, named `bench_scale_…` (not like the e2e suites' databases, which
 * test runs on the same server clean up), dropped afterwards.
 */
export async function withServer<T>(work: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const url = new URL(MYSQL_URL);
  const connection = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

export async function createBenchDatabase(): Promise<string> {
  const name = `bench_scale_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`));
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropBenchDatabase(databaseUrl: string): Promise<void> {
  await withServer((c) => c.query(`DROP DATABASE IF EXISTS \`${new URL(databaseUrl).pathname.slice(1)}\``));
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
