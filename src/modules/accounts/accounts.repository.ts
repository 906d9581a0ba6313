import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { EntityRepository } from '../../database/transactions';
import { LIVE_STATES } from './account-state-machine';
import { Account } from './account.entity';

/** The instant a re-certification cycle counts from, in SQL (same in both dialects). */
const CYCLE_BASE_SQL = 'COALESCE(a.certified_at, a.opened_at, a.created_at)';

/** Opened accounts by where their re-certification cycle started (定期核查). */
export interface CycleFilter {
  unitId?: number;
  /** Cycle started at or before. */
  baseAtMost?: Date;
  /** Cycle started after. */
  baseAfter?: Date;
  onlyIds?: number[];
  exceptIds?: number[];
}

/** The `accounts` table. Exported: other modules read accounts only through here or AccountsService. */
@Injectable()
export class AccountsRepository extends EntityRepository<Account> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Account);
  }

  findByIds(ids: number[]): Promise<Account[]> {
    const unique = [...new Set(ids)];
    return unique.length ? this.table().find({ where: { id: In(unique) }, order: { id: 'ASC' } }) : Promise.resolve([]);
  }

  /** Ids of a unit's accounts, in any state. */
  async idsInUnit(unitId: number): Promise<number[]> {
    const rows = await this.table().find({ where: { unitId }, select: { id: true }, order: { id: 'ASC' } });
    return rows.map((a) => a.id);
  }

  // ---- re-certification (定期核查) ----

  /** A page of opened accounts in cycle order (oldest cycle first). */
  async openedByCycle(filter: CycleFilter, page: number, pageSize: number): Promise<{ accounts: Account[]; total: number }> {
    const qb = this.table().createQueryBuilder('a').where('a.state = :opened', { opened: 'opened' });
    if (filter.unitId !== undefined) qb.andWhere('a.unit_id = :unitId', { unitId: filter.unitId });
    if (filter.baseAtMost) qb.andWhere(`${CYCLE_BASE_SQL} <= :baseAtMost`, { baseAtMost: filter.baseAtMost });
    if (filter.baseAfter) qb.andWhere(`${CYCLE_BASE_SQL} > :baseAfter`, { baseAfter: filter.baseAfter });
    if (filter.onlyIds) qb.andWhere('a.id IN (:...onlyIds)', { onlyIds: filter.onlyIds.length ? filter.onlyIds : [0] });
    if (filter.exceptIds?.length) qb.andWhere('a.id NOT IN (:...exceptIds)', { exceptIds: filter.exceptIds });
    const total = await qb.getCount();
    const rows = await qb
      .select('a.id', 'id')
      .orderBy(CYCLE_BASE_SQL, 'ASC')
      .addOrderBy('a.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<{ id: number | string }>();
    const ids = rows.map((r) => Number(r.id));
    const byId = new Map((await this.findByIds(ids)).map((a) => [a.id, a]));
    return { accounts: ids.map((id) => byId.get(id)).filter((a): a is Account => !!a), total };
  }

  /** Opened accounts whose cycle started at or before `baseAtMost`, by id. */
  openedWithCycleBefore(baseAtMost: Date): Promise<Account[]> {
    return this.table()
      .createQueryBuilder('a')
      .where('a.state = :opened', { opened: 'opened' })
      .andWhere(`${CYCLE_BASE_SQL} <= :baseAtMost`, { baseAtMost })
      .orderBy('a.id', 'ASC')
      .getMany();
  }

  /** Accounts opened at `at` (not deregistered by then) and opened no later than `openedBy`: candidates for being overdue at `at`. */
  openedAt(at: Date, openedBy: Date, unitIds?: number[]): Promise<Account[]> {
    const qb = this.table()
      .createQueryBuilder('a')
      .where('a.state IN (:...states)', { states: ['opened', 'deregistration_requested', 'deregistered'] })
      .andWhere('COALESCE(a.opened_at, a.created_at) <= :at', { at })
      .andWhere('(a.deregistered_at IS NULL OR a.deregistered_at > :at)', { at })
      .andWhere(`COALESCE(a.opened_at, a.created_at) <= :openedBy`, { openedBy })
      .orderBy('a.id', 'ASC');
    if (unitIds) qb.andWhere('a.unit_id IN (:...unitIds)', { unitIds: unitIds.length ? unitIds : [-1] });
    return qb.getMany();
  }

  /**
   * Live accounts naming a user as operator: linked by `operatorUserId` (only in `formerUnit`
   * when `linkedInFormerUnitOnly`), or not linked to anyone, in `formerUnit`, with one of `names`.
   */
  liveOperatedBy(userId: number, formerUnit: number | null, names: string[], linkedInFormerUnitOnly: boolean): Promise<Account[]> {
    return this.table()
      .createQueryBuilder('a')
      .where('a.state IN (:...live)', { live: [...LIVE_STATES] })
      .andWhere(
        formerUnit === null
          ? 'a.operator_user_id = :uid'
          : `((a.operator_user_id = :uid${linkedInFormerUnitOnly ? ' AND a.unit_id = :formerUnit' : ''}) OR (a.operator_user_id IS NULL AND a.unit_id = :formerUnit AND a.operator_name IN (:...names)))`,
        { uid: userId, formerUnit, names },
      )
      .getMany();
  }
}
