import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, In, IsNull } from 'typeorm';
import type { Page, PageQuery } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import type { DiscoveryStatus, TriageState } from './discovery-classify';
import { DiscoveryBatch, DiscoveryRow } from './discovery.entities';

export interface RowFilter extends PageQuery {
  batchId?: number;
  status?: DiscoveryStatus;
  triage?: TriageState | 'none';
}

/** The `discovery_rows` table (and, through `batches`, `discovery_batches`). */
@Injectable()
export class DiscoveryRowsRepository extends EntityRepository<DiscoveryRow> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, DiscoveryRow);
  }

  async insertBatch(fields: Pick<DiscoveryBatch, 'fileName' | 'rowCount' | 'createdById' | 'createdBy'>, tx: Transaction): Promise<DiscoveryBatch> {
    const table = this.manager(tx).getRepository(DiscoveryBatch);
    return table.save(table.create(fields));
  }

  async insertRows(rows: Partial<DiscoveryRow>[], tx: Transaction): Promise<void> {
    const table = this.table(tx);
    for (let i = 0; i < rows.length; i += 200) await table.save(rows.slice(i, i + 200).map((r) => table.create(r)));
  }

  batches(): Promise<DiscoveryBatch[]> {
    return this.manager()
      .getRepository(DiscoveryBatch)
      .find({ order: { id: 'DESC' }, take: 500 });
  }

  batchExists(id: number): Promise<boolean> {
    return this.manager().getRepository(DiscoveryBatch).exists({ where: { id } });
  }

  /** Rows per batch, status and triage, for the batch list. */
  async counts(batchIds: number[]): Promise<{ batchId: number; status: string; triage: string | null; n: number }[]> {
    if (!batchIds.length) return [];
    const rows = await this.table()
      .createQueryBuilder('r')
      .select('r.batchId', 'batchId')
      .addSelect('r.status', 'status')
      .addSelect('r.triage', 'triage')
      .addSelect('COUNT(*)', 'n')
      .where({ batchId: In(batchIds) })
      .groupBy('r.batchId')
      .addGroupBy('r.status')
      .addGroupBy('r.triage')
      .getRawMany<{ batchId: number | string; status: string; triage: string | null; n: number | string }>();
    return rows.map((r) => ({ batchId: Number(r.batchId), status: r.status, triage: r.triage, n: Number(r.n) }));
  }

  page(filter: RowFilter): Promise<Page<DiscoveryRow>> {
    const qb = this.table().createQueryBuilder('r').orderBy('r.batchId', 'DESC').addOrderBy('r.rowNumber', 'ASC');
    if (filter.batchId !== undefined) qb.andWhere('r.batchId = :batchId', { batchId: filter.batchId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.triage === 'none') qb.andWhere('r.triage IS NULL');
    else if (filter.triage) qb.andWhere('r.triage = :triage', { triage: filter.triage });
    return paginate(qb, filter);
  }

  find(id: number, tx?: Transaction): Promise<DiscoveryRow | null> {
    return this.table(tx).findOne({ where: { id } });
  }

  /** Marks an untriaged row; false when another request triaged it first. */
  async markTriaged(id: number, fields: Partial<DiscoveryRow>, tx: Transaction): Promise<boolean> {
    const result = await this.table(tx).update({ id, triage: IsNull() }, { ...fields, updatedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async update(id: number, fields: Partial<DiscoveryRow>, tx: Transaction): Promise<void> {
    await this.table(tx).update({ id }, { ...fields, updatedAt: new Date() });
  }

  /** Known impostors (假冒), newest first. */
  impostors(): Promise<DiscoveryRow[]> {
    return this.table().find({ where: { triage: 'impostor' }, order: { triagedAt: 'DESC' }, take: 2000 });
  }

  impostorsBetween(from: Date, to: Date): Promise<DiscoveryRow[]> {
    return this.table().find({ where: { triage: 'impostor', triagedAt: Between(from, new Date(to.getTime() - 1)) }, order: { triagedAt: 'ASC' } });
  }
}
