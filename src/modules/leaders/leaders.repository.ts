import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { Leader } from './leader.entity';
import type { LeaderTerm } from './leader-terms';

/** The `leaders` table: the whole list is read and replaced at once. */
@Injectable()
export class LeadersRepository extends EntityRepository<Leader> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Leader);
  }

  all(tx?: Transaction): Promise<Leader[]> {
    return this.table(tx).find({ order: { name: 'ASC', validFrom: 'ASC', id: 'ASC' } });
  }

  /** Deletes every term and inserts these (inside the caller's transaction). */
  async replaceAll(tx: Transaction, terms: LeaderTerm[]): Promise<void> {
    // DELETE, not clear(): TRUNCATE commits implicitly on MySQL and would escape the transaction.
    await this.table(tx).createQueryBuilder().delete().from(Leader).execute();
    const now = new Date();
    for (let i = 0; i < terms.length; i += 200) {
      await this.table(tx).insert(terms.slice(i, i + 200).map((t) => ({ ...t, createdAt: now, updatedAt: now })));
    }
  }
}
