import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EntityRepository } from '../../database/transactions';
import { PollRun } from './poll-run.entity';

/** The `poll_runs` table. */
@Injectable()
export class PollRunsRepository extends EntityRepository<PollRun> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, PollRun);
  }

  /** The latest runs, newest first (the 运行状态 page). */
  recent(take: number): Promise<PollRun[]> {
    return this.table().find({ order: { id: 'DESC' }, take });
  }
}
