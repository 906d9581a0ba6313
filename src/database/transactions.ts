import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, DeepPartial, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

/**
 * An open database transaction, as services see it: an opaque handle they pass on to
 * repository methods (and to AuditService.record) so every write of one use case commits or
 * rolls back together. Only repositories and the database module look inside.
 */
export class Transaction {
  /** @internal for repositories */
  constructor(readonly manager: EntityManager) {}

  /** The dialect, for the rare repository whose SQL must differ. */
  get dialect(): 'sqlite' | 'mysql' {
    const type = this.manager.connection.options.type;
    return type === 'mysql' || type === 'mariadb' ? 'mysql' : 'sqlite';
  }

  /** True on MySQL/MariaDB, where rows can be locked for the rest of the transaction. */
  get locksRows(): boolean {
    return this.manager.connection.options.type === 'mysql';
  }
}

/**
 * The one way to start a transaction. On SQLite the data source's transactions are
 * serialised (sqlite-transactions.ts), so the same call is safe on both dialects.
 */
@Injectable()
export class TransactionRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new Transaction(manager)));
  }

  /** The dialect, for the rare caller whose SQL must differ (repositories only). */
  get dialect(): 'sqlite' | 'mysql' {
    return this.dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite';
  }
}

/**
 * Base of every module repository: `table(tx)` is the TypeORM repository of the entity, inside
 * the given transaction when there is one, else on the shared connection.
 */
export abstract class EntityRepository<E extends ObjectLiteral> {
  protected constructor(
    protected readonly dataSource: DataSource,
    private readonly entity: EntityTarget<E>,
  ) {}

  protected table(tx?: Transaction): Repository<E> {
    return (tx?.manager ?? this.dataSource.manager).getRepository(this.entity);
  }

  protected manager(tx?: Transaction): EntityManager {
    return tx?.manager ?? this.dataSource.manager;
  }

  /** Saves a loaded entity (the same object comes back, stamped) or inserts a row from plain fields. */
  protected persist(tx: Transaction | undefined, row: E | DeepPartial<E>): Promise<E> {
    const table = this.table(tx);
    const loaded = typeof table.target === 'function' && row instanceof table.target;
    return table.save((loaded ? row : table.create(row as DeepPartial<E>)) as E);
  }
}
