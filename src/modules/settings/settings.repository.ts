import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { Setting } from './setting.entity';

/** Reads and writes of the `settings` table. */
@Injectable()
export class SettingsRepository extends EntityRepository<Setting> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Setting);
  }

  async find(key: string, tx?: Transaction): Promise<Setting | null> {
    return this.table(tx).findOne({ where: { key } });
  }

  async save(key: string, value: unknown, updatedBy: string | null, tx?: Transaction): Promise<void> {
    await this.table(tx).save({ key, value, updatedAt: new Date(), updatedBy });
  }

  /** Stores `value` unless the key already has one (a concurrent first start keeps the first). */
  async insertIfMissing(key: string, value: unknown, tx?: Transaction): Promise<void> {
    await this.table(tx)
      .createQueryBuilder()
      .insert()
      .values({ key, value: value as never, updatedAt: new Date(), updatedBy: null })
      .orIgnore()
      .execute();
  }
}
