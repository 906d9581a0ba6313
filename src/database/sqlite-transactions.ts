import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

const SERIALIZED = Symbol('serializedSqliteTransactions');

type Holder = 'explicit' | 'implicit' | null;

/** A FIFO lock that remembers what kind of work holds it. */
class Gate {
  holder: Holder = null;
  private queue: { kind: Exclude<Holder, null>; grant: () => void }[] = [];
  private watchers: (() => void)[] = [];

  async acquire(kind: Exclude<Holder, null>): Promise<void> {
    if (this.holder === null && !this.queue.length) {
      this.holder = kind;
      return;
    }
    await new Promise<void>((grant) => this.queue.push({ kind, grant }));
  }

  release(): void {
    const next = this.queue.shift();
    this.holder = next ? next.kind : null;
    next?.grant();
    const watchers = this.watchers;
    this.watchers = [];
    for (const notify of watchers) notify();
  }

  /** Resolves once an explicit transaction no longer holds the gate. */
  async outsideExplicit(): Promise<void> {
    while (this.holder === 'explicit') await new Promise<void>((resolve) => this.watchers.push(resolve));
  }
}

/**
 * TypeORM's better-sqlite3 driver shares ONE connection and ONE query runner among all
 * callers. Left alone, two concurrent `transaction()` calls become savepoints of one
 * transaction, and a write made elsewhere while a transaction is open joins it: a request
 * that fails then rolls back another request's writes after that one has answered 201.
 * SQLite has a single writer anyway, so here:
 *  - explicit transactions (`dataSource.transaction`) run one after another; one started from
 *    inside a running one (same async flow) nests as before;
 *  - a query from outside a running explicit transaction waits until it has finished;
 *  - an implicit transaction (a bare `repository.save`) takes its turn like an explicit one.
 * MySQL is untouched: its pool gives every transaction its own connection.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const manager = dataSource.manager as EntityManager & { [SERIALIZED]?: true };
  if (manager[SERIALIZED]) return;
  manager[SERIALIZED] = true;
  const gate = new Gate();
  const inside = new AsyncLocalStorage<{ active: boolean }>();
  const insideExplicit = () => inside.getStore()?.active === true;

  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (async (...args: unknown[]) => {
    if (insideExplicit()) return transaction(...args);
    await gate.acquire('explicit');
    const scope = { active: true };
    try {
      return await inside.run(scope, () => transaction(...args));
    } finally {
      scope.active = false;
      gate.release();
    }
  }) as EntityManager['transaction'];

  const runner = dataSource.driver.createQueryRunner('master') as QueryRunner & { transactionDepth: number };
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  const start = runner.startTransaction.bind(runner);
  const commit = runner.commitTransaction.bind(runner);
  const rollback = runner.rollbackTransaction.bind(runner);
  let implicitOpen = false;

  runner.query = (async (...args: unknown[]) => {
    if (!insideExplicit()) await gate.outsideExplicit();
    return query(...args);
  }) as QueryRunner['query'];

  runner.startTransaction = async (...args: Parameters<QueryRunner['startTransaction']>) => {
    if (insideExplicit() || implicitOpen) return start(...args);
    await gate.acquire('implicit');
    implicitOpen = true;
    try {
      await start(...args);
    } catch (error) {
      implicitOpen = false;
      gate.release();
      throw error;
    }
  };

  const finishing = (finish: () => Promise<void>) => async () => {
    const endsImplicit = implicitOpen && !insideExplicit() && runner.transactionDepth === 1;
    try {
      await finish();
    } finally {
      if (endsImplicit) {
        implicitOpen = false;
        gate.release();
      }
    }
  };
  runner.commitTransaction = finishing(commit);
  runner.rollbackTransaction = finishing(rollback);
}
