import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EntityRepository } from '../../database/transactions';
import { FindingScan, ScanTrigger } from './finding.entity';

/** The `finding_scans` table. */
@Injectable()
export class FindingScansRepository extends EntityRepository<FindingScan> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, FindingScan);
  }

  /** The latest runs, newest first (the 运行状态 page), optionally of one trigger. */
  recent(take: number, trigger?: ScanTrigger): Promise<FindingScan[]> {
    return this.table().find({ where: trigger ? { trigger } : {}, order: { id: 'DESC' }, take });
  }

  findById(id: number): Promise<FindingScan | null> {
    return this.table().findOne({ where: { id } });
  }

  insert(fields: Partial<FindingScan>): Promise<FindingScan> {
    return this.persist(undefined, fields);
  }

  async update(id: number, patch: Partial<FindingScan>): Promise<void> {
    await this.table().update(id, patch);
  }
}
