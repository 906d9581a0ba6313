import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Page, PageQuery } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { EntityRepository } from '../../database/transactions';
import { Alert, AlertKind } from './alert.entity';

export interface AlertFilter {
  unitId?: number;
  status?: string;
  kind?: string;
}

/** The `alerts` table. */
@Injectable()
export class AlertsRepository extends EntityRepository<Alert> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Alert);
  }

  findById(id: number): Promise<Alert | null> {
    return this.table().findOne({ where: { id } });
  }

  findOpen(openKey: string): Promise<Alert | null> {
    return this.table().findOne({ where: { openKey, status: 'open', resolvedAt: IsNull() } });
  }

  /** Inserts; the unique open key makes a concurrent second insert fail (QueryFailedError). */
  insert(fields: Partial<Alert>): Promise<Alert> {
    return this.persist(undefined, fields);
  }

  async update(id: number, patch: Partial<Pick<Alert, 'message' | 'lastNotifiedAt'>>): Promise<void> {
    await this.table().update(id, patch);
  }

  /** Resolves the alert if it is still open; false when another process did first. */
  async resolveIfOpen(id: number, resolvedAt: Date): Promise<boolean> {
    const result = await this.table()
      .createQueryBuilder()
      .update(Alert)
      .set({ status: 'resolved', resolvedAt, openKey: null })
      .where('id = :id AND status = :open', { id, open: 'open' })
      .execute();
    return Boolean(result.affected);
  }

  openNotNotifiedSince(cutoff: Date): Promise<Alert[]> {
    return this.table()
      .createQueryBuilder('a')
      .where('a.status = :open', { open: 'open' })
      .andWhere('(a.lastNotifiedAt IS NULL OR a.lastNotifiedAt < :cutoff)', { cutoff })
      .getMany();
  }

  list(filter: AlertFilter, query: PageQuery): Promise<Page<Alert>> {
    const qb = this.table().createQueryBuilder('a').orderBy('a.openedAt', 'DESC').addOrderBy('a.id', 'DESC');
    if (filter.unitId !== undefined) qb.andWhere('a.unitId = :unitId', { unitId: filter.unitId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
    return paginate(qb, query);
  }

  /** Alerts per kind under the filter (its kind ignored): what each kind tab would list. */
  async countByKind(filter: Omit<AlertFilter, 'kind'>): Promise<{ kind: AlertKind; count: number }[]> {
    const qb = this.table().createQueryBuilder('a').select('a.kind', 'kind').addSelect('COUNT(*)', 'count').groupBy('a.kind');
    if (filter.unitId !== undefined) qb.andWhere('a.unitId = :unitId', { unitId: filter.unitId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    const rows = await qb.getRawMany<{ kind: AlertKind; count: string | number }>();
    return rows.map((r) => ({ kind: r.kind, count: Number(r.count) }));
  }

  /** id and subject of the open alerts of a kind. */
  openOfKind(kind: AlertKind): Promise<Pick<Alert, 'id' | 'subjectId'>[]> {
    return this.table().find({ where: { kind, status: 'open' }, select: { id: true, subjectId: true } });
  }

  countOpen(): Promise<number> {
    return this.table().count({ where: { status: 'open' } });
  }
}
