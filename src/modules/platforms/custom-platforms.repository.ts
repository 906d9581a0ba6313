import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { CustomPlatform } from './custom-platform.entity';
import type { CustomPlatformFacts } from './custom-platform';

/** The `custom_platforms` table. */
@Injectable()
export class CustomPlatformsRepository extends EntityRepository<CustomPlatform> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, CustomPlatform);
  }

  async all(tx?: Transaction): Promise<CustomPlatformFacts[]> {
    const rows = await this.table(tx).find({ order: { id: 'ASC' } });
    return rows.map((r) => ({ code: r.code, name: r.name, urlPatterns: JSON.parse(r.urlPatterns) as string[] }));
  }

  async codeTaken(code: string, tx: Transaction): Promise<boolean> {
    return (await this.table(tx).count({ where: { code } })) > 0;
  }

  async insert(facts: CustomPlatformFacts, createdById: number | null, tx: Transaction): Promise<CustomPlatform> {
    const table = this.table(tx);
    return table.save(table.create({ code: facts.code, name: facts.name, urlPatterns: JSON.stringify(facts.urlPatterns), createdById }));
  }
}
