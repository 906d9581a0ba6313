import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { EntityRepository, Transaction } from '../../database/transactions';
import type { Indicator } from './indicators';
import { InspectionAccount, InspectionEvaluation, InspectionIndicator, InspectionItemResult, InspectionManualItem, InspectionRound } from './inspection.entities';
import type { ManualEntry } from './scoring';

const CHUNK = 500;

/** The inspection module's own tables: the only writer of inspection_*. */
@Injectable()
export class InspectionsRepository extends EntityRepository<InspectionRound> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, InspectionRound);
  }

  // ---- indicator set ----

  async indicators(tx?: Transaction): Promise<Indicator[]> {
    const rows = await this.manager(tx).find(InspectionIndicator, { order: { position: 'ASC', id: 'ASC' } });
    return rows.map(({ code, name, type, basis, points, cap, description }) => ({ code, name, type, basis, points: Number(points), cap: Number(cap), description }));
  }

  async replaceIndicators(tx: Transaction, items: readonly Indicator[]): Promise<void> {
    await tx.manager.clear(InspectionIndicator);
    for (const [position, item] of items.entries()) await tx.manager.save(tx.manager.create(InspectionIndicator, { ...item, position }));
  }

  // ---- rounds ----

  async insertRound(tx: Transaction, fields: Partial<InspectionRound>): Promise<InspectionRound> {
    return tx.manager.save(tx.manager.create(InspectionRound, fields));
  }

  async saveRound(tx: Transaction, round: InspectionRound): Promise<InspectionRound> {
    return tx.manager.save(round);
  }

  /** The round; inside a MariaDB transaction its row stays locked until commit (one writer per round). */
  async round(id: number, tx?: Transaction): Promise<InspectionRound | null> {
    return this.table(tx).findOne({ where: { id }, ...(tx?.locksRows ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async rounds(filter: { quarter?: string; status?: string }, page: number, pageSize: number): Promise<[InspectionRound[], number]> {
    const where = { ...(filter.quarter ? { quarter: filter.quarter } : {}), ...(filter.status ? { status: filter.status as InspectionRound['status'] } : {}) };
    return this.table().findAndCount({ where, order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
  }

  /** The latest finalized round of `quarter` (reports use it). */
  async latestFinal(quarter: string): Promise<InspectionRound | null> {
    return this.table().findOne({ where: { quarter, status: 'final' }, order: { finalizedAt: 'DESC', id: 'DESC' } });
  }

  /** The latest finalized round of a quarter before `quarter` (its failures are rechecked). */
  async latestFinalBefore(quarter: string): Promise<InspectionRound | null> {
    return this.table().findOne({ where: { quarter: LessThan(quarter), status: 'final' }, order: { quarter: 'DESC', finalizedAt: 'DESC', id: 'DESC' } });
  }

  // ---- round accounts ----

  async insertAccounts(tx: Transaction, rows: Partial<InspectionAccount>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await tx.manager.insert(InspectionAccount, rows.slice(i, i + CHUNK));
  }

  async accounts(roundId: number, filter: { unitId?: number; verdict?: string } = {}, tx?: Transaction): Promise<InspectionAccount[]> {
    const where = { roundId, ...(filter.unitId ? { unitId: filter.unitId } : {}), ...(filter.verdict ? { verdict: filter.verdict as 'pass' | 'fail' } : {}) };
    return this.manager(tx).find(InspectionAccount, { where, order: { unitId: 'ASC', accountId: 'ASC' } });
  }

  async account(roundId: number, accountId: number, tx?: Transaction): Promise<InspectionAccount | null> {
    return this.manager(tx).findOne(InspectionAccount, { where: { roundId, accountId } });
  }

  async countAccounts(roundId: number): Promise<number> {
    return this.manager().count(InspectionAccount, { where: { roundId } });
  }

  async failedAccountIds(roundId: number): Promise<number[]> {
    const rows = await this.manager().find(InspectionAccount, { where: { roundId, verdict: 'fail' }, select: { accountId: true } });
    return rows.map((r) => r.accountId);
  }

  /** Stores scores and verdicts: one UPDATE per distinct (score, verdict) and chunk of ids, not one per account. */
  async updateScores(tx: Transaction, rows: readonly { id: number; score: number; verdict: 'pass' | 'fail' }[]): Promise<void> {
    const groups = new Map<string, { score: number; verdict: 'pass' | 'fail'; ids: number[] }>();
    for (const { id, score, verdict } of rows) {
      const key = `${score}|${verdict}`;
      const group = groups.get(key) ?? { score, verdict, ids: [] };
      group.ids.push(id);
      groups.set(key, group);
    }
    for (const { score, verdict, ids } of groups.values()) {
      for (let i = 0; i < ids.length; i += CHUNK) await tx.manager.update(InspectionAccount, { id: In(ids.slice(i, i + CHUNK)) }, { score, verdict });
    }
  }

  // ---- item results and manual items ----

  /** Replaces the auto results of the given accounts of a round: chunked DELETEs, then multi-row INSERTs. */
  async replaceItemResults(tx: Transaction, roundId: number, accountIds: number[], results: Omit<InspectionItemResult, 'id'>[]): Promise<void> {
    for (let i = 0; i < accountIds.length; i += CHUNK) {
      await tx.manager.delete(InspectionItemResult, { roundId, accountId: In(accountIds.slice(i, i + CHUNK)) });
    }
    const q = (name: string) => tx.manager.connection.driver.escape(name);
    const head = `INSERT INTO ${q('inspection_item_results')} (${['round_id', 'account_id', 'code', 'count', 'evidence'].map(q).join(', ')}) VALUES `;
    for (let i = 0; i < results.length; i += CHUNK) {
      const chunk = results.slice(i, i + CHUNK);
      // Raw statements: TypeORM's insert builds each value through entity metadata, several times slower here.
      const values = chunk.flatMap((r) => [r.roundId, r.accountId, r.code, r.count, JSON.stringify(r.evidence)]);
      await tx.manager.query(head + chunk.map(() => '(?, ?, ?, ?, ?)').join(', '), values);
    }
  }

  async itemResults(roundId: number, accountIds?: number[], tx?: Transaction): Promise<InspectionItemResult[]> {
    return this.byAccounts(InspectionItemResult, roundId, accountIds, tx);
  }

  async manualItems(roundId: number, accountIds?: number[], tx?: Transaction): Promise<InspectionManualItem[]> {
    return this.byAccounts(InspectionManualItem, roundId, accountIds, tx);
  }

  /** Records manual entries of one account (an entry replaces the earlier one of its code). */
  async putManualItems(tx: Transaction, roundId: number, accountId: number, entries: ManualEntry[], enteredBy: string): Promise<void> {
    const codes = entries.map((e) => e.code);
    if (codes.length) await tx.manager.delete(InspectionManualItem, { roundId, accountId, code: In(codes) });
    const enteredAt = new Date();
    for (const e of entries) {
      await tx.manager.insert(InspectionManualItem, {
        roundId,
        accountId,
        code: e.code,
        hit: e.hit,
        count: e.count ?? null,
        note: e.note ?? null,
        evidenceUrl: e.evidenceUrl ?? null,
        enteredBy,
        enteredAt,
      });
    }
  }

  private async byAccounts<T extends InspectionItemResult | InspectionManualItem>(
    entity: new () => T,
    roundId: number,
    accountIds: number[] | undefined,
    tx?: Transaction,
  ): Promise<T[]> {
    if (!accountIds) return this.manager(tx).find(entity, { where: { roundId } as never, order: { id: 'ASC' } as never });
    const out: T[] = [];
    for (let i = 0; i < accountIds.length; i += CHUNK) {
      out.push(...(await this.manager(tx).find(entity, { where: { roundId, accountId: In(accountIds.slice(i, i + CHUNK)) } as never, order: { id: 'ASC' } as never })));
    }
    return out;
  }

  // ---- evaluation runs ----

  async activeEvaluation(roundId: number, tx?: Transaction): Promise<InspectionEvaluation | null> {
    return this.manager(tx).findOne(InspectionEvaluation, { where: { roundId, status: In(['queued', 'running']) }, order: { id: 'DESC' } });
  }

  async latestEvaluation(roundId: number): Promise<InspectionEvaluation | null> {
    return this.manager().findOne(InspectionEvaluation, { where: { roundId }, order: { id: 'DESC' } });
  }

  async evaluation(id: number): Promise<InspectionEvaluation | null> {
    return this.manager().findOne(InspectionEvaluation, { where: { id } });
  }

  /** The latest evaluation runs of any round, newest first (the 运行状态 page). */
  async recentEvaluations(take: number): Promise<InspectionEvaluation[]> {
    return this.manager().find(InspectionEvaluation, { order: { id: 'DESC' }, take });
  }

  async insertEvaluation(tx: Transaction, fields: Partial<InspectionEvaluation>): Promise<InspectionEvaluation> {
    return tx.manager.save(tx.manager.create(InspectionEvaluation, fields));
  }

  async updateEvaluation(id: number, fields: Partial<Pick<InspectionEvaluation, 'status' | 'done' | 'total' | 'error' | 'startedAt' | 'finishedAt'>>): Promise<void> {
    await this.manager().update(InspectionEvaluation, { id }, fields);
  }

  /** Runs left queued or running by a process that stopped: failed, so a new one may start. */
  async failInterruptedEvaluations(): Promise<number> {
    const result = await this.manager().update(
      InspectionEvaluation,
      { status: In(['queued', 'running']) },
      { status: 'failed', error: '服务重启，评分中断；请重新评分', finishedAt: new Date() },
    );
    return result.affected ?? 0;
  }
}
