import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Page, PageQuery } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { AccountColumn } from './column.entity';
import { LINK_HEALTHS, LinkHealth } from './link-health-vocabulary';

export interface ColumnFilter {
  /** Only columns of these accounts (a unit's, resolved through the accounts module). */
  accountIds?: number[];
  accountId?: number;
  health?: string;
}

/** The `columns` table (栏目 of accounts). */
@Injectable()
export class ColumnsRepository extends EntityRepository<AccountColumn> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, AccountColumn);
  }

  /** A page, newest first (or oldest first for one account's list). */
  list(filter: ColumnFilter, query: PageQuery, order: 'ASC' | 'DESC' = 'DESC'): Promise<Page<AccountColumn>> {
    const qb = this.table().createQueryBuilder('c').orderBy('c.id', order);
    if (filter.accountIds) qb.andWhere('c.accountId IN (:...accountIds)', { accountIds: filter.accountIds.length ? filter.accountIds : [0] });
    if (filter.accountId) qb.andWhere('c.accountId = :accountId', { accountId: filter.accountId });
    if (filter.health) qb.andWhere('c.health = :health', { health: filter.health });
    return paginate(qb, query);
  }

  /** Columns per link health under the filter (its health ignored): what each health filter would list. */
  async countByHealth(filter: Omit<ColumnFilter, 'health'>): Promise<Record<LinkHealth, number>> {
    const qb = this.table().createQueryBuilder('c').select('c.health', 'health').addSelect('COUNT(*)', 'count').groupBy('c.health');
    if (filter.accountIds) qb.andWhere('c.accountId IN (:...accountIds)', { accountIds: filter.accountIds.length ? filter.accountIds : [0] });
    if (filter.accountId) qb.andWhere('c.accountId = :accountId', { accountId: filter.accountId });
    const rows = await qb.getRawMany<{ health: LinkHealth; count: string | number }>();
    const counts = Object.fromEntries(LINK_HEALTHS.map((h) => [h, 0])) as Record<LinkHealth, number>;
    for (const row of rows) if (row.health in counts) counts[row.health] = Number(row.count);
    return counts;
  }

  /** Ids in order: the given ones and/or those of the given accounts; all when no filter. */
  async ids(filter: { columnIds?: number[]; accountIds?: number[] }): Promise<number[]> {
    const qb = this.table().createQueryBuilder('c').select('c.id', 'id').orderBy('c.id', 'ASC');
    if (filter.columnIds) qb.andWhere('c.id IN (:...ids)', { ids: filter.columnIds.length ? filter.columnIds : [0] });
    if (filter.accountIds) qb.andWhere('c.accountId IN (:...accountIds)', { accountIds: filter.accountIds.length ? filter.accountIds : [0] });
    return (await qb.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
  }

  /** Id and URL of these columns (at most a thousand). */
  async urls(ids: number[]): Promise<{ id: number; url: string }[]> {
    if (!ids.length) return [];
    const rows = await this.table()
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .addSelect('c.url', 'url')
      .where('c.id IN (:...ids)', { ids })
      .getRawMany<{ id: number | string; url: string }>();
    return rows.map((r) => ({ id: Number(r.id), url: r.url }));
  }

  findById(id: number): Promise<AccountColumn | null> {
    return this.table().findOne({ where: { id } });
  }

  findByIds(ids: number[]): Promise<AccountColumn[]> {
    return ids.length ? this.table().find({ where: { id: In(ids) }, order: { id: 'ASC' } }) : Promise.resolve([]);
  }

  insert(tx: Transaction, fields: Partial<AccountColumn>): Promise<AccountColumn> {
    return this.persist(tx, fields);
  }

  async update(tx: Transaction, id: number, patch: Partial<AccountColumn>): Promise<void> {
    await this.table(tx).update(id, patch);
  }

  async remove(tx: Transaction, id: number): Promise<void> {
    await this.table(tx).delete(id);
  }

  /** Stores a check's outcome unless the column's URL changed meanwhile; false then. */
  async updateHealthIfUrl(id: number, url: string, patch: Partial<AccountColumn>, tx?: Transaction): Promise<boolean> {
    const result = await this.manager(tx)
      .createQueryBuilder()
      .update(AccountColumn)
      .set({ ...patch, updatedAt: new Date() })
      .where('id = :id AND url = :url', { id, url })
      .execute();
    return Boolean(result.affected);
  }
}
