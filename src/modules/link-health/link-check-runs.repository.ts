import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EntityRepository } from '../../database/transactions';
import { LinkCheckRun } from './link-check.entity';

/** The `link_check_runs` table. */
@Injectable()
export class LinkCheckRunsRepository extends EntityRepository<LinkCheckRun> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, LinkCheckRun);
  }

  /** The latest runs, newest first (the 运行状态 page). */
  recent(take: number): Promise<LinkCheckRun[]> {
    return this.table().find({ order: { id: 'DESC' }, take });
  }
}
