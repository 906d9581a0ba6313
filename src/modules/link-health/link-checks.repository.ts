import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Page, PageQuery } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { rawDate } from '../../database/raw-date';
import { EntityRepository, Transaction } from '../../database/transactions';
import { LinkCheck } from './link-check.entity';

/** The `link_checks` table: each check's result, the latest LINK_CHECK_RETENTION per column kept. */
@Injectable()
export class LinkChecksRepository extends EntityRepository<LinkCheck> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, LinkCheck);
  }

  /** A column's results, newest first. */
  ofColumn<T>(columnId: number, query: PageQuery, present: (check: LinkCheck) => T): Promise<Page<T>> {
    return paginate(this.table().createQueryBuilder('k').where('k.columnId = :columnId', { columnId }).orderBy('k.id', 'DESC'), query, present);
  }

  async insert(rows: Partial<LinkCheck>[], tx?: Transaction): Promise<void> {
    await this.table(tx).createQueryBuilder().insert().into(LinkCheck).values(rows).updateEntity(false).execute();
  }

  /** When this run checked these columns (at most a few hundred). */
  async checkedInRun(runId: number, columnIds: number[]): Promise<{ columnId: number; checkedAt: Date }[]> {
    if (!columnIds.length) return [];
    const rows = await this.table()
      .createQueryBuilder('k')
      .select('k.columnId', 'columnId')
      .addSelect('k.checkedAt', 'checkedAt')
      .where('k.runId = :runId AND k.columnId IN (:...ids)', { runId, ids: columnIds })
      .getRawMany<{ columnId: number | string; checkedAt: unknown }>();
    return rows.map((r) => ({ columnId: Number(r.columnId), checkedAt: rawDate(r.checkedAt) as Date }));
  }

  /**
   * Keeps the latest `keep` checks of each of these columns: one statement per 500 columns
   * (window function; MySQL 8, MariaDB 10.2 and SQLite 3.25 have it), not one per column.
   * The inner derived table is materialised, which lets MySQL delete from the table it reads.
   */
  async prune(columnIds: number[], keep: number): Promise<void> {
    const mysql = this.dataSource.options.type === 'mysql' || this.dataSource.options.type === 'mariadb';
    const q = (name: string) => (mysql ? `\`${name}\`` : `"${name}"`);
    for (let i = 0; i < columnIds.length; i += 500) {
      const chunk = columnIds.slice(i, i + 500);
      const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
        `DELETE FROM ${q('link_checks')} WHERE ${q('id')} IN (SELECT ${q('id')} FROM (` +
          `SELECT ${q('id')}, ROW_NUMBER() OVER (PARTITION BY ${q('column_id')} ORDER BY ${q('id')} DESC) AS ${q('rn')} ` +
          `FROM ${q('link_checks')} WHERE ${q('column_id')} IN (:...chunk)) ${q('ranked')} WHERE ${q('rn')} > :keep)`,
        { chunk, keep },
      );
      await this.dataSource.query(sql, parameters);
    }
  }
}
