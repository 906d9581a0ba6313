import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

const SERIALIZED = Symbol('serializedSqliteTransactions');

/**
 * TypeORM's better-sqlite3 driver shares one connection and one query runner among all callers, so
 * two concurrent `transaction()` calls become savepoints of ONE transaction: a request that
 * fails rolls back another request's writes after that request has already answered 201.
 * SQLite has a single writer anyway, so on SQLite transactions run one after another.
 * A transaction started from inside a running one (same async flow) nests as before.
 * MySQL is untouched: its pool gives every transaction its own connection.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const manager = dataSource.manager as EntityManager & { [SERIALIZED]?: true };
  if (manager[SERIALIZED]) return;
  manager[SERIALIZED] = true;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  const inside = new AsyncLocalStorage<{ active: boolean }>();
  let tail: Promise<unknown> = Promise.resolve();
  manager.transaction = ((...args: unknown[]) => {
    if (inside.getStore()?.active) return original(...args);
    const run = tail.then(() => {
      const scope = { active: true };
      return inside.run(scope, () => original(...args)).finally(() => {
        scope.active = false;
      });
    });
    tail = run.catch(() => undefined);
    return run;
  }) as EntityManager['transaction'];
}
