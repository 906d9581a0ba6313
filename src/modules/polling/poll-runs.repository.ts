import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { EntityRepository } from '../../database/transactions';
import { PollRun } from './poll-run.entity';
import { PollRunItem, PollRunItemStatus } from './poll-run-item.entity';

export interface RunItemCount {
  runId: number | string;
  status: PollRunItemStatus;
  n: number | string;
  newPosts: number | string;
}

/** The `poll_runs` table and its `poll_run_items` (one per account a run waits for). */
@Injectable()
export class PollRunsRepository extends EntityRepository<PollRun> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, PollRun);
  }

  private items(): Repository<PollRunItem> {
    return this.manager().getRepository(PollRunItem);
  }

  /** The latest runs, newest first (the 运行状态 page). */
  recent(take: number): Promise<PollRun[]> {
    return this.table().find({ order: { id: 'DESC' }, take });
  }

  findById(id: number): Promise<PollRun | null> {
    return this.table().findOne({ where: { id } });
  }

  async runningIds(): Promise<number[]> {
    return (await this.table().find({ where: { status: 'running' }, select: { id: true } })).map((r) => r.id);
  }

  insert(fields: Partial<PollRun>): Promise<PollRun> {
    return this.persist(undefined, fields);
  }

  async setTotal(id: number, total: number): Promise<void> {
    await this.table().update({ id }, { total });
  }

  /** Updates the run only while it is still running. */
  async updateRunning(ids: number[], patch: Partial<PollRun>): Promise<void> {
    await this.table().update({ id: In(ids), status: 'running' }, patch);
  }

  // ---- items ----

  async insertItems(values: Pick<PollRunItem, 'runId' | 'accountId' | 'status' | 'newPosts'>[]): Promise<void> {
    await this.items().createQueryBuilder().insert().into(PollRunItem).values(values).updateEntity(false).execute();
  }

  async failWaitingItems(runIds: number[]): Promise<void> {
    await this.items()
      .createQueryBuilder()
      .update(PollRunItem)
      .set({ status: 'failed' })
      .where('run_id IN (:...ids) AND status = :waiting', { ids: runIds, waiting: 'waiting' })
      .execute();
  }

  /** The runs still waiting for this account's poll. */
  async waitingRunIds(accountId: number): Promise<number[]> {
    const items = await this.items().find({ where: { accountId, status: 'waiting' }, select: { runId: true } });
    return items.map((item) => item.runId);
  }

  /** Credits an outcome to these runs' items for the account, where still waiting (one UPDATE). */
  async creditItems(accountId: number, runIds: number[], status: PollRunItemStatus, newPosts: number): Promise<void> {
    await this.items()
      .createQueryBuilder()
      .update(PollRunItem)
      .set({ status, newPosts })
      .where('account_id = :accountId AND status = :waiting AND run_id IN (:...runIds)', { accountId, waiting: 'waiting', runIds })
      .execute();
  }

  /** Items per running run and status (a plain read: see PollingService.updateRunCounters). */
  itemCounts(onlyRuns?: number[]): Promise<RunItemCount[]> {
    const qb = this.items()
      .createQueryBuilder('i')
      .innerJoin(PollRun, 'r', 'r.id = i.runId')
      .select('i.runId', 'runId')
      .addSelect('i.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect('COALESCE(SUM(i.newPosts), 0)', 'newPosts')
      .where('r.status = :running', { running: 'running' })
      .groupBy('i.runId')
      .addGroupBy('i.status');
    if (onlyRuns) qb.andWhere('i.runId IN (:...onlyRuns)', { onlyRuns });
    return qb.getRawMany<RunItemCount>();
  }
}
