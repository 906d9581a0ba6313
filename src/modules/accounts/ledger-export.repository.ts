import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EntityRepository } from '../../database/transactions';
import { Account } from './account.entity';
import type { LedgerAccount } from './ledger-export';

/** The ledger export's read of `accounts`. */
@Injectable()
export class LedgerExportRepository extends EntityRepository<Account> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Account);
  }

  /** Accounts matching the filters, oldest first (the order they were registered in). */
  async matching(filter: { unitId?: number; platform?: string; state?: string }): Promise<LedgerAccount[]> {
    return this.table().find({
      where: {
        ...(filter.unitId ? { unitId: filter.unitId } : {}),
        ...(filter.platform ? { platform: filter.platform } : {}),
        ...(filter.state ? { state: filter.state as Account['state'] } : {}),
      },
      order: { unitId: 'ASC', id: 'ASC' },
    });
  }
}
