import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { AccountSource } from './account-source.entity';

/** The `account_sources` table: one post source per account, with its polling state. */
@Injectable()
export class SourcesRepository extends EntityRepository<AccountSource> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, AccountSource);
  }

  findByAccount(accountId: number, tx?: Transaction): Promise<AccountSource | null> {
    return this.table(tx).findOne({ where: { accountId } });
  }

  /** Inserts or replaces the account's source from these fields. */
  save(tx: Transaction, fields: Partial<AccountSource>): Promise<AccountSource> {
    return this.persist(tx, fields);
  }

  async update(accountId: number, patch: Partial<AccountSource>): Promise<void> {
    await this.table().update({ accountId }, patch);
  }

  /** Sets the next poll time of these sources (at most a few hundred). */
  async setNextPollAt(accountIds: number[], nextPollAt: Date): Promise<void> {
    await this.table().createQueryBuilder().update(AccountSource).set({ nextPollAt }).whereInIds(accountIds).execute();
  }

  /** kind of each of these accounts' sources (at most a few hundred accounts). */
  kindsOf(accountIds: number[]): Promise<Pick<AccountSource, 'accountId' | 'kind'>[]> {
    return accountIds.length ? this.table().find({ where: { accountId: In(accountIds) }, select: { accountId: true, kind: true } }) : Promise.resolve([]);
  }

  /** Accounts whose source is of one of these kinds. */
  async accountIdsOfKinds(kinds: string[]): Promise<number[]> {
    const rows = await this.table().find({ where: { kind: In(kinds) }, select: { accountId: true }, order: { accountId: 'ASC' } });
    return rows.map((r) => r.accountId);
  }

  /** Sources of these kinds due at `now` (not paused), the longest due first; a page of them. */
  async due(kinds: string[], now: Date, take: number, skip: number): Promise<number[]> {
    const rows = await this.table()
      .createQueryBuilder('s')
      .select('s.accountId', 'accountId')
      .where('s.kind IN (:...kinds)', { kinds })
      .andWhere('s.nextPollAt IS NOT NULL AND s.nextPollAt <= :now', { now })
      .andWhere('(s.pausedUntil IS NULL OR s.pausedUntil <= :now)', { now })
      .orderBy('s.nextPollAt', 'ASC')
      .addOrderBy('s.accountId', 'ASC')
      .offset(skip)
      .limit(take)
      .getRawMany<{ accountId: number | string }>();
    return rows.map((r) => Number(r.accountId));
  }
}
