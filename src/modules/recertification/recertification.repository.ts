import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { AccountCertification, AccountContact, HandoverFlag } from './recertification.entities';

/** The `account_certifications` table: one row per confirmation (核查). */
@Injectable()
export class CertificationsRepository extends EntityRepository<AccountCertification> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, AccountCertification);
  }

  recent(accountId: number, take: number): Promise<AccountCertification[]> {
    return this.table().find({ where: { accountId }, order: { certifiedAt: 'DESC', id: 'DESC' }, take });
  }

  insert(tx: Transaction, fields: Partial<AccountCertification>): Promise<AccountCertification> {
    return this.persist(tx, fields);
  }

  /** accountId → the last confirmation on or before `at`. */
  async lastBefore(accountIds: number[], at: Date): Promise<{ accountId: number | string; last: unknown }[]> {
    if (!accountIds.length) return [];
    return this.table()
      .createQueryBuilder('c')
      .select('c.accountId', 'accountId')
      .addSelect('MAX(c.certifiedAt)', 'last')
      .where('c.accountId IN (:...ids)', { ids: accountIds })
      .andWhere('c.certifiedAt <= :at', { at })
      .groupBy('c.accountId')
      .getRawMany<{ accountId: number | string; last: unknown }>();
  }
}

/** The `account_contacts` table: who was responsible for an account, period by period. */
@Injectable()
export class ContactsRepository extends EntityRepository<AccountContact> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, AccountContact);
  }

  ofAccount(accountId: number): Promise<AccountContact[]> {
    return this.table().find({ where: { accountId }, order: { validFrom: 'DESC', id: 'DESC' } });
  }

  currentOf(tx: Transaction, accountId: number): Promise<AccountContact[]> {
    return this.table(tx).find({ where: { accountId, validTo: IsNull() } });
  }

  async setCurrentUser(tx: Transaction, accountId: number, operatorUserId: number | null): Promise<void> {
    await this.table(tx).update({ accountId, validTo: IsNull() }, { operatorUserId });
  }

  async close(tx: Transaction, ids: number[], validTo: Date): Promise<void> {
    if (ids.length) await this.table(tx).update({ id: In(ids) }, { validTo });
  }

  insert(tx: Transaction, fields: Partial<AccountContact>): Promise<AccountContact> {
    return this.persist(tx, fields);
  }
}

/** The `handover_flags` table: accounts whose operator left (交接). */
@Injectable()
export class HandoverFlagsRepository extends EntityRepository<HandoverFlag> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, HandoverFlag);
  }

  openOf(accountIds: number[], tx?: Transaction): Promise<HandoverFlag[]> {
    if (!accountIds.length) return Promise.resolve([]);
    return this.table(tx).find({ where: { accountId: In(accountIds), clearedAt: IsNull() }, order: { flaggedAt: 'ASC', id: 'ASC' } });
  }

  /** Ids of the accounts with at least one open flag. */
  async accountIdsWithOpenFlags(): Promise<number[]> {
    const rows = await this.table().createQueryBuilder('h').select('DISTINCT h.accountId', 'accountId').where('h.clearedAt IS NULL').getRawMany<{ accountId: number | string }>();
    return rows.map((r) => Number(r.accountId));
  }

  /** Inserts an open flag; the unique open key makes a second one for the same user fail (QueryFailedError). */
  insert(fields: Partial<HandoverFlag>): Promise<HandoverFlag> {
    return this.persist(undefined, fields);
  }

  async clear(tx: Transaction, ids: number[], cleared: Pick<HandoverFlag, 'clearedAt' | 'clearedById' | 'clearedBy'>): Promise<void> {
    if (ids.length) await this.table(tx).update({ id: In(ids) }, { ...cleared, openKey: null });
  }
}
