import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import type { Page } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { Rectification, RectificationEvent, RectificationSource } from './rectification.entity';
import type { RectificationStatus } from './rectification-state-machine';

/** What the ledger may be filtered by (api.md: status, unit, overdue, source). */
export interface RectificationFilter {
  status?: RectificationStatus;
  unitId?: number;
  overdue?: boolean;
  source?: RectificationSource;
  /** Orders issued in [from, to). */
  issuedFrom?: Date;
  issuedTo?: Date;
}

export interface UnitCounts {
  unitId: number;
  total: number;
  issued: number;
  responded: number;
  closed: number;
  overdue: number;
}

/** The `rectifications` table: the only place that reads or writes it. */
@Injectable()
export class RectificationsRepository extends EntityRepository<Rectification> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Rectification);
  }

  insert(tx: Transaction, order: Partial<Rectification>): Promise<Rectification> {
    const table = this.table(tx);
    return table.save(table.create(order));
  }

  findById(id: number, tx?: Transaction): Promise<Rectification | null> {
    return this.table(tx).findOne({ where: { id } });
  }

  /** The order, locked for the rest of the transaction where the database can (MariaDB); SQLite serialises transactions anyway. */
  findForUpdate(tx: Transaction, id: number): Promise<Rectification | null> {
    return this.table(tx).findOne({ where: { id }, ...(tx.locksRows ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async update(tx: Transaction, id: number, patch: Partial<Rectification>): Promise<void> {
    await this.table(tx).update(id, { ...patch, updatedAt: new Date() });
  }

  findBySourceKey(key: string, tx?: Transaction): Promise<Rectification | null> {
    return this.table(tx).findOne({ where: { sourceKey: key } });
  }

  async existingSourceKeys(keys: string[], tx?: Transaction): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows = await this.table(tx).find({ where: { sourceKey: In(keys) }, select: { id: true, sourceKey: true } });
    return new Set(rows.map((r) => r.sourceKey as string));
  }

  list(filter: RectificationFilter, page: { page?: number; pageSize?: number }, now: Date): Promise<Page<Rectification>> {
    const qb = this.filtered(filter, now).orderBy('r.issuedAt', 'DESC').addOrderBy('r.id', 'DESC');
    return paginate(qb, page);
  }

  /** Every order matching the filter (ledger export), oldest first, at most `limit`. */
  all(filter: RectificationFilter, now: Date, limit = 20_000): Promise<Rectification[]> {
    return this.filtered(filter, now).orderBy('r.issuedAt', 'ASC').addOrderBy('r.id', 'ASC').take(limit).getMany();
  }

  /** Orders not closed (the deadline watch). */
  notClosed(): Promise<Rectification[]> {
    return this.table().find({ where: { status: In(['issued', 'responded']) }, order: { id: 'ASC' } });
  }

  /** Counts per unit of the orders matching the filter (overdue as of `now`). */
  async countsByUnit(filter: RectificationFilter, now: Date): Promise<UnitCounts[]> {
    const rows = await this.filtered(filter, now)
      .select('r.unitId', 'unitId')
      .addSelect('COUNT(*)', 'total')
      .addSelect(`SUM(CASE WHEN r.status = 'issued' THEN 1 ELSE 0 END)`, 'issued')
      .addSelect(`SUM(CASE WHEN r.status = 'responded' THEN 1 ELSE 0 END)`, 'responded')
      .addSelect(`SUM(CASE WHEN r.status = 'closed' THEN 1 ELSE 0 END)`, 'closed')
      .addSelect(`SUM(CASE WHEN r.status <> 'closed' AND r.due_at < :now THEN 1 ELSE 0 END)`, 'overdue')
      .setParameter('now', now)
      .groupBy('r.unitId')
      .orderBy('r.unitId', 'ASC')
      .getRawMany<Record<string, string | number>>();
    return rows.map((r) => ({
      unitId: Number(r.unitId),
      total: Number(r.total),
      issued: Number(r.issued ?? 0),
      responded: Number(r.responded ?? 0),
      closed: Number(r.closed ?? 0),
      overdue: Number(r.overdue ?? 0),
    }));
  }

  private filtered(filter: RectificationFilter, now: Date): SelectQueryBuilder<Rectification> {
    const qb = this.table().createQueryBuilder('r');
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.unitId !== undefined) qb.andWhere('r.unitId = :unitId', { unitId: filter.unitId });
    if (filter.source) qb.andWhere('r.source = :source', { source: filter.source });
    if (filter.issuedFrom) qb.andWhere('r.issuedAt >= :issuedFrom', { issuedFrom: filter.issuedFrom });
    if (filter.issuedTo) qb.andWhere('r.issuedAt < :issuedTo', { issuedTo: filter.issuedTo });
    if (filter.overdue === true) qb.andWhere(`r.status <> 'closed' AND r.dueAt < :overdueAt`, { overdueAt: now });
    if (filter.overdue === false) qb.andWhere(new Brackets((w) => w.where(`r.status = 'closed'`).orWhere('r.dueAt >= :overdueAt', { overdueAt: now })));
    return qb;
  }
}

/** The `rectification_events` table (an order's history): appended, never changed. */
@Injectable()
export class RectificationEventsRepository extends EntityRepository<RectificationEvent> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, RectificationEvent);
  }

  async append(tx: Transaction, event: Omit<RectificationEvent, 'id'>): Promise<void> {
    const table = this.table(tx);
    await table.save(table.create(event));
  }

  of(rectificationId: number): Promise<RectificationEvent[]> {
    return this.table().find({ where: { rectificationId }, order: { id: 'ASC' } });
  }
}
