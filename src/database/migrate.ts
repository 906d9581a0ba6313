import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions, dialectOf } from './data-source';

export const MIGRATION_LOCK = 'registry_migrations';
const LOCK_WAIT_SECONDS = 60;

/**
 * Applies pending migrations before the application starts. On MySQL/MariaDB under a named
 * lock (GET_LOCK), so replicas and workers starting together migrate once, one after the
 * other; SQLite is one process's file and needs none. Returns the names applied.
 */
export async function migrateDatabase(config: AppConfig): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(config), migrationsRun: false, ...(dialectOf(config) === 'mysql' ? { extra: { connectionLimit: 1 } } : {}) });
  await dataSource.initialize();
  try {
    if (dialectOf(config) === 'sqlite') return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    // One pooled connection: the lock and the migrations share it, and the lock is released on it.
    const [row] = await dataSource.query('SELECT GET_LOCK(?, ?) AS locked', [MIGRATION_LOCK, LOCK_WAIT_SECONDS]);
    if (Number(row?.locked) !== 1) throw new Error(`another process held the migration lock "${MIGRATION_LOCK}" for more than ${LOCK_WAIT_SECONDS} s`);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await dataSource.query('SELECT RELEASE_LOCK(?)', [MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}

export const STARTUP_LOCK = 'registry_startup';

/**
 * Runs `start` (create and initialise the application: migrations, first-run seeding such as the
 * initial admin) while holding a MySQL named lock, so replicas and workers started together
 * initialise one at a time. SQLite: runs it directly.
 */
export async function withStartupLock<T>(config: AppConfig, start: () => Promise<T>): Promise<T> {
  if (dialectOf(config) === 'sqlite') return start();
  const dataSource = new DataSource({ ...dataSourceOptions(config), migrationsRun: false, extra: { connectionLimit: 1 } });
  await dataSource.initialize();
  try {
    const [row] = await dataSource.query('SELECT GET_LOCK(?, ?) AS locked', [STARTUP_LOCK, 120]);
    if (Number(row?.locked) !== 1) throw new Error(`another process held the start-up lock "${STARTUP_LOCK}" for more than 120 s`);
    try {
      return await start();
    } finally {
      await dataSource.query('SELECT RELEASE_LOCK(?)', [STARTUP_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}
