import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import { RepostMatchPending } from './repost-match-pending.entity';
import { RepostConfirmation, RepostTask, RepostTaskResult } from './repost-task.entity';

export type UnitCountsRow = Record<string, unknown>;

/** The `repost_tasks` table. */
@Injectable()
export class RepostTasksRepository extends EntityRepository<RepostTask> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, RepostTask);
  }

  findById(id: number, tx?: Transaction): Promise<RepostTask | null> {
    return this.table(tx).findOne({ where: { id } });
  }

  save(tx: Transaction, task: RepostTask | Partial<RepostTask>): Promise<RepostTask> {
    return this.persist(tx, task);
  }

  /** Newest issued first, optionally issued in [from, to). */
  page(window: { from: Date; to: Date } | null, page: number, pageSize: number): Promise<[RepostTask[], number]> {
    const qb = this.table().createQueryBuilder('t').orderBy('t.issuedAt', 'DESC').addOrderBy('t.id', 'DESC');
    if (window) qb.where('t.issuedAt >= :from AND t.issuedAt < :to', window);
    return qb
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
  }

  /** Tasks issued in [from, to), oldest first. */
  issuedBetween(from: Date, to: Date): Promise<RepostTask[]> {
    return this.table().createQueryBuilder('t').where('t.issuedAt >= :from AND t.issuedAt < :to', { from, to }).orderBy('t.issuedAt', 'ASC').addOrderBy('t.id', 'ASC').getMany();
  }

  /** Ids of tasks issued in [from, to) whose results were never computed. */
  async uncomputedBetween(from: Date, to: Date): Promise<number[]> {
    const rows = await this.table()
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.issuedAt >= :from AND t.issuedAt < :to AND t.computedAt IS NULL', { from, to })
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /** Ids of tasks issued by `issuedBy` and due in [dueFrom, dueTo]. */
  async dueBetween(dueFrom: Date, dueTo: Date, issuedBy: Date): Promise<number[]> {
    const tasks = await this.table()
      .createQueryBuilder('t')
      .select('t.id')
      .where('t.dueAt <= :dueTo', { dueTo })
      .andWhere('t.dueAt >= :dueFrom', { dueFrom })
      .andWhere('t.issuedAt <= :issuedBy', { issuedBy })
      .getMany();
    return tasks.map((t) => t.id);
  }

  async setComputedAt(tx: Transaction, id: number, computedAt: Date): Promise<void> {
    await this.table(tx).createQueryBuilder().update(RepostTask).set({ computedAt }).where('id = :id', { id }).execute();
  }
}

/** The `repost_task_results` table: per task and required account, the computed status and its evidence. */
@Injectable()
export class RepostResultsRepository extends EntityRepository<RepostTaskResult> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, RepostTaskResult);
  }

  ofTask(taskId: number, unitId?: number): Promise<RepostTaskResult[]> {
    return this.table().find({ where: { taskId, ...(unitId !== undefined ? { unitId } : {}) }, order: { accountId: 'ASC' } });
  }

  /** Results of these tasks (at most a few hundred), optionally of one unit; `statusOnly` selects task, unit and status. */
  ofTasks(taskIds: number[], unitId: number | null, statusOnly = false): Promise<RepostTaskResult[]> {
    if (!taskIds.length) return Promise.resolve([]);
    return this.table().find({
      ...(statusOnly ? { select: { taskId: true, unitId: true, status: true } } : {}),
      where: { taskId: In(taskIds), ...(unitId !== null ? { unitId } : {}) },
    });
  }

  /** Replaces a task's results; returns the units it had results for before. */
  async replace(tx: Transaction, taskId: number, results: Partial<RepostTaskResult>[]): Promise<number[]> {
    const table = this.table(tx);
    const before = await table.createQueryBuilder('r').select('DISTINCT r.unit_id', 'unitId').where('r.task_id = :taskId', { taskId }).getRawMany<{ unitId: number | string }>();
    await table.createQueryBuilder().delete().from(RepostTaskResult).where('task_id = :taskId', { taskId }).execute();
    for (let i = 0; i < results.length; i += 200) {
      await table
        .createQueryBuilder()
        .insert()
        .into(RepostTaskResult)
        .values(results.slice(i, i + 200))
        .updateEntity(false)
        .execute();
    }
    return before.map((r) => Number(r.unitId));
  }

  /** Tasks issued by `latest` where one of these accounts is not done yet. */
  async openTaskIdsOf(accountIds: number[], latest: Date): Promise<number[]> {
    const rows = await this.manager()
      .createQueryBuilder()
      .select('DISTINCT r.task_id', 'taskId')
      .from(RepostTaskResult, 'r')
      .innerJoin(RepostTask, 't', 't.id = r.task_id')
      .where('r.account_id IN (:...ids)', { ids: accountIds })
      .andWhere('r.status <> :done', { done: 'done' })
      .andWhere('t.issued_at <= :latest', { latest })
      .getRawMany<{ taskId: number | string }>();
    return rows.map((r) => Number(r.taskId));
  }

  /**
   * Per unit, for tasks issued in [from, to): required, done, late, missing (due by `now`) and
   * pending, a task counting once per unit by the unit's worst account. One query.
   */
  async unitCounts(from: Date, to: Date, now: Date): Promise<UnitCountsRow[]> {
    const driver = this.dataSource.driver;
    const e = (name: string) => driver.escape(name);
    const sql = `SELECT x.unit_id AS unit_id, COUNT(*) AS required,
        SUM(CASE WHEN x.worst = 0 THEN 1 ELSE 0 END) AS done,
        SUM(CASE WHEN x.worst = 1 THEN 1 ELSE 0 END) AS late,
        SUM(CASE WHEN x.worst = 2 AND x.due_at <= :now THEN 1 ELSE 0 END) AS missing,
        SUM(CASE WHEN x.worst = 2 AND x.due_at > :now THEN 1 ELSE 0 END) AS pending
      FROM (SELECT r.${e('task_id')} AS task_id, r.${e('unit_id')} AS unit_id, t.${e('due_at')} AS due_at,
              MAX(CASE r.${e('status')} WHEN 'missing' THEN 2 WHEN 'late' THEN 1 ELSE 0 END) AS worst
            FROM ${e('repost_task_results')} r INNER JOIN ${e('repost_tasks')} t ON t.${e('id')} = r.${e('task_id')}
            WHERE t.${e('issued_at')} >= :from AND t.${e('issued_at')} < :to
            GROUP BY r.${e('task_id')}, r.${e('unit_id')}, t.${e('due_at')}) x
      GROUP BY x.unit_id`;
    const [query, params] = driver.escapeQueryWithParameters(sql, { from, to, now });
    return (await this.dataSource.query(query, params)) as UnitCountsRow[];
  }
}

/** The `repost_confirmations` table: manual confirmations (人工确认) and their revocation. */
@Injectable()
export class RepostConfirmationsRepository extends EntityRepository<RepostConfirmation> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, RepostConfirmation);
  }

  ofTask(taskId: number): Promise<RepostConfirmation[]> {
    return this.table().find({ where: { taskId }, order: { id: 'ASC' } });
  }

  findById(tx: Transaction, id: number, taskId: number): Promise<RepostConfirmation | null> {
    return this.table(tx).findOne({ where: { id, taskId } });
  }

  findActive(tx: Transaction, taskId: number, accountId: number): Promise<RepostConfirmation | null> {
    return this.table(tx).findOne({ where: { taskId, accountId, revokedAt: IsNull() } });
  }

  insert(tx: Transaction, fields: Partial<RepostConfirmation>): Promise<RepostConfirmation> {
    return this.persist(tx, fields);
  }

  /** Revokes it if not revoked yet; false when someone did first. */
  async revokeIfActive(tx: Transaction, id: number, patch: Pick<RepostConfirmation, 'revokedAt' | 'revokedById' | 'revokedByUsername' | 'revokeReason'>): Promise<boolean> {
    const result = await this.table(tx).createQueryBuilder().update(RepostConfirmation).set(patch).where('id = :id AND revoked_at IS NULL', { id }).execute();
    return Boolean(result.affected);
  }
}

/** The `repost_match_pending` table: accounts with new posts waiting for the match job. */
@Injectable()
export class RepostMatchPendingRepository extends EntityRepository<RepostMatchPending> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, RepostMatchPending);
  }

  exists(): Promise<boolean> {
    return this.table().exists();
  }

  /** One row per account: the latest post time only grows; every new batch bumps the version. */
  async mark(tx: Transaction, accountId: number, latestMs: number): Promise<void> {
    await tx.manager.query(
      tx.dialect === 'mysql'
        ? 'INSERT INTO `repost_match_pending` (`account_id`, `latest_ms`, `version`) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE `latest_ms` = GREATEST(`latest_ms`, VALUES(`latest_ms`)), `version` = `version` + 1'
        : 'INSERT INTO "repost_match_pending" ("account_id", "latest_ms", "version") VALUES (?, ?, 1) ON CONFLICT ("account_id") DO UPDATE SET "latest_ms" = MAX("latest_ms", excluded."latest_ms"), "version" = "version" + 1',
      [accountId, latestMs],
    );
  }

  batch(take: number): Promise<RepostMatchPending[]> {
    return this.table().find({ order: { accountId: 'ASC' }, take });
  }

  /** Removes the rows still at the version that was matched (a newer batch keeps its row). */
  async removeMatched(rows: Pick<RepostMatchPending, 'accountId' | 'version'>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      const where = chunk.map((_, n) => `(account_id = :a${n} AND version = :v${n})`).join(' OR ');
      const parameters = Object.fromEntries(
        chunk.flatMap((p, n) => [
          [`a${n}`, p.accountId],
          [`v${n}`, p.version],
        ]),
      );
      await this.manager().createQueryBuilder().delete().from(RepostMatchPending).where(where, parameters).execute();
    }
  }
}
