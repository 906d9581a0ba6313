import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import type { Page, PageQuery } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { LinkCheckItem, LinkCheckItemStatus, LinkCheckRun } from './link-check.entity';

const ITEM_INSERT_CHUNK = 500;
const OPEN = ['queued', 'running'];

/** The `link_check_runs` table and its `link_check_items` (one per column a run checks, with its batch). */
@Injectable()
export class LinkCheckRunsRepository extends EntityRepository<LinkCheckRun> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, LinkCheckRun);
  }

  private items(tx?: Transaction): Repository<LinkCheckItem> {
    return this.manager(tx).getRepository(LinkCheckItem);
  }

  /** The latest runs, newest first (the 运行状态 page). */
  recent(take: number): Promise<LinkCheckRun[]> {
    return this.table().find({ order: { id: 'DESC' }, take });
  }

  findById(id: number): Promise<LinkCheckRun | null> {
    return this.table().findOne({ where: { id } });
  }

  async statusOf(id: number): Promise<LinkCheckRun['status'] | null> {
    return (await this.table().findOne({ where: { id }, select: { id: true, status: true } }))?.status ?? null;
  }

  /** Runs queued or running. */
  open(): Promise<LinkCheckRun[]> {
    return this.table().find({ where: { status: In(OPEN) } });
  }

  /** Newest first; `visibleTo` limits to a unit's runs and the runs someone asked for. */
  list(query: PageQuery, visibleTo?: { unitId: number; userId: number }): Promise<Page<LinkCheckRun>> {
    const qb = this.table().createQueryBuilder('r').orderBy('r.id', 'DESC');
    if (visibleTo) qb.andWhere('(r.unitId = :unitId OR r.requestedBy = :me)', { unitId: visibleTo.unitId, me: visibleTo.userId });
    return paginate(qb, query);
  }

  insert(fields: Partial<LinkCheckRun>): Promise<LinkCheckRun> {
    return this.persist(undefined, fields);
  }

  /** Updates these runs while still queued or running; how many it changed. */
  async updateOpen(ids: number[], patch: Partial<LinkCheckRun>): Promise<number> {
    const result = await this.table().update({ id: In(ids), status: In(OPEN) }, patch);
    return result.affected ?? 0;
  }

  async updateRunning(id: number, patch: Partial<LinkCheckRun>): Promise<void> {
    await this.table().update({ id, status: 'running' }, patch);
  }

  /** Records the run's items (one transaction) and sets the run running (or done, with none). */
  async plan(runId: number, rows: Pick<LinkCheckItem, 'runId' | 'columnId' | 'batch' | 'status'>[], startedAt: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const tx = new Transaction(manager);
      for (let i = 0; i < rows.length; i += ITEM_INSERT_CHUNK) {
        await this.items(tx)
          .createQueryBuilder()
          .insert()
          .into(LinkCheckItem)
          .values(rows.slice(i, i + ITEM_INSERT_CHUNK))
          .updateEntity(false)
          .execute();
      }
      const patch = rows.length ? { status: 'running' as const, total: rows.length, startedAt } : { status: 'done' as const, total: 0, startedAt, finishedAt: new Date() };
      await this.table(tx).createQueryBuilder().update(LinkCheckRun).set(patch).where('id = :runId', { runId }).execute();
    });
  }

  hasItems(runId: number): Promise<boolean> {
    return this.items().exists({ where: { runId } });
  }

  /** Batches with items still waiting or suspect. */
  async openBatches(runId: number): Promise<number[]> {
    const rows = await this.items()
      .createQueryBuilder('i')
      .select('DISTINCT i.batch', 'batch')
      .where('i.runId = :runId AND i.status IN (:...open)', { runId, open: ['waiting', 'suspect'] })
      .getRawMany<{ batch: number | string }>();
    return rows.map((r) => Number(r.batch));
  }

  batchItems(runId: number, batch: number, status?: LinkCheckItemStatus): Promise<Pick<LinkCheckItem, 'columnId' | 'status'>[]> {
    return this.items().find({ where: { runId, batch, ...(status ? { status } : {}) }, select: { columnId: true, status: true } });
  }

  async removeItems(runId: number, columnIds: number[]): Promise<void> {
    await this.items().delete({ runId, columnId: In(columnIds) });
  }

  /** Moves these columns' items from one status to another (only those still in `from`). */
  async moveItems(runId: number, columnIds: number[], from: LinkCheckItemStatus, to: LinkCheckItemStatus, tx?: Transaction): Promise<void> {
    await this.items(tx)
      .createQueryBuilder()
      .update(LinkCheckItem)
      .set({ status: to })
      .where('run_id = :runId AND column_id IN (:...columnIds) AND status = :from', { runId, columnIds, from })
      .execute();
  }

  /** Items per status (a plain read, no locks: see LinkResultsRecorder.flushRun). */
  itemCounts(runId: number): Promise<{ status: LinkCheckItemStatus; n: number | string }[]> {
    return this.items()
      .createQueryBuilder('i')
      .select('i.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('i.runId = :runId', { runId })
      .groupBy('i.status')
      .getRawMany<{ status: LinkCheckItemStatus; n: number | string }>();
  }

  /** Writes counters (and the end) to the run while it is queued or running. */
  async setCounters(runId: number, patch: Partial<LinkCheckRun>): Promise<void> {
    await this.table().createQueryBuilder().update(LinkCheckRun).set(patch).where('id = :runId AND status IN (:...open)', { runId, open: OPEN }).execute();
  }
}
