import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MYSQL_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';

export type Dialect = 'sqlite' | 'mysql';

export function dialectOf(config: Pick<AppConfig, 'databaseUrl'>): Dialect {
  return config.databaseUrl ? 'mysql' : 'sqlite';
}

export function sqliteFile(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'registry.sqlite');
}

/**
 * TypeORM options for the configured dialect. `synchronize` is never on: migrations own the
 * schema (and need no entity classes). The application adds `autoLoadEntities`: each module
 * registers its own entities with `TypeOrmModule.forFeature`, so this plumbing names none.
 */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  // Migrations run before the application starts, under a database lock (migrate.ts), not on connect.
  const common = { synchronize: false, migrationsRun: false, migrationsTransactionMode: 'each', logging: false } as const;
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    url.protocol = 'mysql:';
    return {
      ...common,
      type: 'mysql',
      url: url.toString(),
      charset: 'utf8mb4_bin',
      // Dates cross the wire as UTC; no column relies on the server's own clock or zone.
      timezone: 'Z',
      migrations: MYSQL_MIGRATIONS,
      connectTimeout: 10000,
      extra: { connectionLimit: 10 },
    };
  }
  mkdirSync(config.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: sqliteFile(config),
    migrations: SQLITE_MIGRATIONS,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
    },
  };
}
