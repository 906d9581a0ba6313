import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Page, PageQuery } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { Finding } from './finding.entity';

export interface FindingFilter {
  unitId?: number;
  kind?: string;
  status?: string;
  accountId?: number;
}

/** The `findings` table: one open finding per (kind, subject); accepted and resolved ones kept. */
@Injectable()
export class FindingsRepository extends EntityRepository<Finding> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Finding);
  }

  /** Open findings of these kinds (with their keys), optionally of some accounts or about some subjects only. */
  async openOf(kinds: string[], accountIds?: number[], subjectIds?: string[]): Promise<Finding[]> {
    const query = (subjects?: string[]) => {
      const qb = this.table()
        .createQueryBuilder('f')
        .addSelect('f.evidenceKey')
        .addSelect('f.openKey')
        .where('f.status = :open', { open: 'open' })
        .andWhere('f.kind IN (:...kinds)', { kinds });
      if (accountIds) qb.andWhere('f.accountId IN (:...ids)', { ids: accountIds.length ? accountIds : [-1] });
      if (subjects) qb.andWhere('f.subjectId IN (:...subjects)', { subjects });
      return qb.getMany();
    };
    if (!subjectIds) return query();
    const found: Finding[] = [];
    for (let i = 0; i < subjectIds.length; i += 500) found.push(...(await query(subjectIds.slice(i, i + 500))));
    return found;
  }

  /** The subjects (post ids, as strings) of open findings of these kinds about posts. */
  async openPostSubjects(kinds: string[], accountIds?: number[]): Promise<string[]> {
    const qb = this.table()
      .createQueryBuilder('f')
      .select('DISTINCT f.subjectId', 'subjectId')
      .where('f.status = :open AND f.subjectType = :post', { open: 'open', post: 'post' })
      .andWhere('f.kind IN (:...kinds)', { kinds });
    if (accountIds) qb.andWhere('f.accountId IN (:...ids)', { ids: accountIds.length ? accountIds : [-1] });
    return (await qb.getRawMany<{ subjectId: string }>()).map((r) => String(r.subjectId));
  }

  /** Accepted findings of a kind about these subjects (at most a few hundred), with their evidence keys. */
  acceptedAbout(kind: string, subjectIds: string[]): Promise<Finding[]> {
    return this.table()
      .createQueryBuilder('f')
      .select(['f.id', 'f.kind', 'f.subjectType', 'f.subjectId'])
      .addSelect('f.evidenceKey')
      .where('f.status = :accepted AND f.kind = :kind', { accepted: 'accepted', kind })
      .andWhere('f.subjectId IN (:...subjects)', { subjects: subjectIds })
      .getMany();
  }

  /** Inserts; the unique open key makes a concurrent second insert fail (QueryFailedError). */
  insert(fields: Partial<Finding>): Promise<Finding> {
    return this.persist(undefined, fields);
  }

  /** Inserts an open finding and returns its id; the unique open key makes a concurrent second insert fail (QueryFailedError). */
  async insertOpen(fields: Partial<Finding>, tx: Transaction): Promise<number> {
    const result = await this.table(tx).insert(fields as never);
    return Number(result.identifiers[0].id);
  }

  async update(id: number, patch: Partial<Finding>, tx?: Transaction): Promise<void> {
    await this.table(tx).update(id, patch as never);
  }

  /** Closes the finding if it is still open; false when someone did first. */
  async closeIfOpen(
    id: number,
    patch: Pick<Finding, 'status'> & Partial<Pick<Finding, 'resolvedAt' | 'acceptedAt' | 'acceptedById' | 'acceptedBy' | 'acceptReason'>>,
    tx?: Transaction,
  ): Promise<boolean> {
    const result = await this.table(tx)
      .createQueryBuilder()
      .update(Finding)
      .set({ ...patch, openKey: null })
      .where('id = :id AND status = :open', { id, open: 'open' })
      .execute();
    return Boolean(result.affected);
  }

  list(filter: FindingFilter, query: PageQuery): Promise<Page<Finding>> {
    const qb = this.table().createQueryBuilder('f').orderBy('f.detectedAt', 'DESC').addOrderBy('f.id', 'DESC');
    if (filter.unitId !== undefined) qb.andWhere('f.unitId = :unitId', { unitId: filter.unitId });
    if (filter.kind) qb.andWhere('f.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('f.status = :status', { status: filter.status });
    if (filter.accountId !== undefined) qb.andWhere('f.accountId = :accountId', { accountId: filter.accountId });
    return paginate(qb, query);
  }

  findById(id: number): Promise<Finding | null> {
    return this.table().findOne({ where: { id } });
  }

  openForAccounts(accountIds: number[]): Promise<Finding[]> {
    return accountIds.length ? this.table().find({ where: { accountId: In(accountIds), status: 'open' } }) : Promise.resolve([]);
  }
}
