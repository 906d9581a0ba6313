import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Account } from '../modules/accounts/account.entity';
import { Alert } from '../modules/alerts/alert.entity';
import { AuditEntry } from '../modules/audit/audit-entry.entity';
import { Unit } from '../modules/units/unit.entity';
import { User } from '../modules/users/user.entity';
import { PollRun } from '../modules/polling/poll-run.entity';
import { PollRunItem } from '../modules/polling/poll-run-item.entity';
import { Post } from '../modules/posts/post.entity';
import { AccountSource } from '../modules/sources/account-source.entity';
import { AccountColumn } from '../modules/columns/column.entity';
import { LinkCheck, LinkCheckItem, LinkCheckRun } from '../modules/link-health/link-check.entity';
import { AlertChannel, AlertDelivery } from '../modules/alerts/alert-channel.entity';
import { RepostConfirmation, RepostTask, RepostTaskResult } from '../modules/repost-tasks/repost-task.entity';
import { RepostMatchPending } from '../modules/repost-tasks/repost-match-pending.entity';
import { ReportExport } from '../modules/reports/report-export.entity';
import { Finding, FindingScan } from '../modules/findings/finding.entity';
import { ErrorWord, ErrorWordAllow } from '../modules/error-words/error-word.entity';
import { AccountCertification, AccountContact, HandoverFlag } from '../modules/recertification/recertification.entities';
import { ReportSnapshot, Target } from '../modules/reports/report.entities';
import { MYSQL_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';

/** Every entity; a module adds its own here with its migration pair. */
export const ENTITIES = [User, Unit, Account, AuditEntry, Alert, AccountSource, Post, PollRun, PollRunItem, AccountColumn, LinkCheckRun, LinkCheck, LinkCheckItem, AlertChannel, AlertDelivery, RepostTask, RepostTaskResult, RepostConfirmation, RepostMatchPending, Finding, FindingScan, ErrorWord, ErrorWordAllow, Target, ReportSnapshot, ReportExport, AccountCertification, AccountContact, HandoverFlag];

export type Dialect = 'sqlite' | 'mysql';

export function dialectOf(config: Pick<AppConfig, 'databaseUrl'>): Dialect {
  return config.databaseUrl ? 'mysql' : 'sqlite';
}

export function sqliteFile(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'registry.sqlite');
}

/** TypeORM options for the configured dialect. `synchronize` is never on: migrations own the schema. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  // Migrations run before the application starts, under a database lock (migrate.ts), not on connect.
  const common = { entities: ENTITIES, synchronize: false, migrationsRun: false, migrationsTransactionMode: 'each', logging: false } as const;
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
