import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, Not } from 'typeorm';
import type { Page } from '../../common/pagination';
import { containsText, likePattern, paginate } from '../../database/pagination';
import { EntityRepository, Transaction } from '../../database/transactions';
import { LIVE_STATES } from './account-state-machine';
import { Account, Platform } from './account.entity';
import type { ListAccountsQuery } from './accounts.dto';

/** Account states whose accounts must carry a repost task (see README, Design notes). */
const RUNNING_STATES = ['opened', 'deregistration_requested'];

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

  list(query: ListAccountsQuery, unitId: number | undefined): Promise<Page<Account>> {
    const qb = this.table().createQueryBuilder('a').orderBy('a.id', 'DESC');
    if (unitId !== undefined) qb.andWhere('a.unitId = :unitId', { unitId });
    if (query.platform) qb.andWhere('a.platform = :platform', { platform: query.platform });
    if (query.state) qb.andWhere('a.state = :state', { state: query.state });
    if (query.q?.trim()) {
      qb.andWhere(containsText(['a.name', 'a.platformAccountId', 'a.operatorName'], 'q'), { q: likePattern(query.q.trim()) });
    }
    return paginate(qb, query);
  }

  findById(id: number, tx?: Transaction): Promise<Account | null> {
    return this.table(tx).findOne({ where: { id } });
  }

  /** The ledger export's rows: accounts matching the filters, in the order they were registered. */
  ledger(filter: { unitId?: number; platform?: string; state?: string }): Promise<Account[]> {
    return this.table().find({
      where: {
        ...(filter.unitId ? { unitId: filter.unitId } : {}),
        ...(filter.platform ? { platform: filter.platform } : {}),
        ...(filter.state ? { state: filter.state as Account['state'] } : {}),
      },
      order: { unitId: 'ASC', id: 'ASC' },
    });
  }

  /** Inserts a new account or saves a loaded one. */
  save(tx: Transaction, account: Account | Partial<Account>): Promise<Account> {
    return this.persist(tx, account);
  }

  /** Applies a transition's patch only if the account is still in `from`; false when someone moved it first. */
  async updateIfState(tx: Transaction, id: number, from: string, patch: Partial<Account>): Promise<boolean> {
    const result = await this.table(tx).createQueryBuilder().update(Account).set(patch).where('id = :id AND state = :from', { id, from }).execute();
    return Boolean(result.affected);
  }

  /** Live accounts of a unit on a platform (the one-account-per-platform rule). */
  liveOn(tx: Transaction | undefined, unitId: number, platform: Platform, exceptId: number | null): Promise<Account[]> {
    return this.table(tx).find({
      where: { unitId, platform, state: In([...LIVE_STATES]), ...(exceptId ? { id: Not(exceptId) } : {}) },
      order: { id: 'ASC' },
    });
  }

  /** Unit, platform, name and state of every account (ledger import's duplicate check). */
  allKeys(tx: Transaction): Promise<Pick<Account, 'unitId' | 'platform' | 'name' | 'state'>[]> {
    return this.table(tx).find({ select: { unitId: true, platform: true, name: true, state: true } });
  }

  /** Counts for the 总览 page, optionally of one unit. */
  async overviewCounts(
    only: number | null,
  ): Promise<{ byState: { key: string; count: string }[]; byPlatform: { key: string; count: string }[]; liveByUnit: { unitId: number; count: number }[] }> {
    const scoped = this.table().createQueryBuilder('a');
    if (only !== null) scoped.where('a.unitId = :only', { only });
    const byState = await scoped.clone().select('a.state', 'key').addSelect('COUNT(*)', 'count').groupBy('a.state').getRawMany<{ key: string; count: string }>();
    const byPlatform = await scoped
      .clone()
      .andWhere('a.state IN (:...live)', { live: LIVE_STATES })
      .select('a.platform', 'key')
      .addSelect('COUNT(*)', 'count')
      .groupBy('a.platform')
      .getRawMany<{ key: string; count: string }>();
    const byUnit = await scoped
      .clone()
      .andWhere('a.state IN (:...live)', { live: LIVE_STATES })
      .select('a.unitId', 'unitId')
      .addSelect('COUNT(*)', 'count')
      .groupBy('a.unitId')
      .getRawMany<{ unitId: number | string; count: number | string }>();
    return { byState, byPlatform, liveByUnit: byUnit.map((r) => ({ unitId: Number(r.unitId), count: Number(r.count) || 0 })) };
  }

  /** The accounts with these ids (any number: read in chunks), by id. */
  async findByIds(ids: number[]): Promise<Account[]> {
    const unique = [...new Set(ids)];
    const rows: Account[] = [];
    for (let i = 0; i < unique.length; i += 500) rows.push(...(await this.table().find({ where: { id: In(unique.slice(i, i + 500)) }, order: { id: 'ASC' } })));
    return rows;
  }

  /** Every account registered on a platform (any state): the candidates an imported rectification row is matched against. */
  onPlatform(platform: Platform): Promise<Account[]> {
    return this.table().find({ where: { platform }, order: { id: 'ASC' } });
  }

  /** id, unit and state of these accounts (chunked), for filtering by state or unit. */
  async statesOf(ids: number[]): Promise<Pick<Account, 'id' | 'unitId' | 'state'>[]> {
    const unique = [...new Set(ids)];
    const rows: Pick<Account, 'id' | 'unitId' | 'state'>[] = [];
    for (let i = 0; i < unique.length; i += 500) {
      rows.push(...(await this.table().find({ where: { id: In(unique.slice(i, i + 500)) }, select: { id: true, unitId: true, state: true }, order: { id: 'ASC' } })));
    }
    return rows;
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

  // ---- repost tasks ----

  /**
   * Accounts of these units (at most a few hundred units) that were running while a task
   * issued at `issuedAt` and due at `dueAt` was open: opened or being deregistered, or
   * deregistered after it was issued; opened by the due time; optionally on these platforms.
   */
  runningBetween(unitIds: number[], issuedAt: Date, dueAt: Date, platforms: string[] | null): Promise<Account[]> {
    if (!unitIds.length) return Promise.resolve([]);
    const qb = this.table()
      .createQueryBuilder('a')
      .where('a.unitId IN (:...unitIds)', { unitIds })
      .andWhere(
        new Brackets((w) => {
          w.where('a.state IN (:...running)', { running: RUNNING_STATES }).orWhere('(a.state = :deregistered AND a.deregisteredAt > :issuedAt)', {
            deregistered: 'deregistered',
            issuedAt,
          });
        }),
      )
      .andWhere('(a.openedAt IS NULL OR a.openedAt <= :dueAt)', { dueAt })
      .orderBy('a.id');
    if (platforms?.length) qb.andWhere('a.platform IN (:...platforms)', { platforms });
    return qb.getMany();
  }

  /** Every account's identity, state and deregistration, by id (account discovery compares lists with them). */
  identities(): Promise<Pick<Account, 'id' | 'unitId' | 'name' | 'platform' | 'platformAccountId' | 'homepageUrl' | 'state' | 'deregisteredAt'>[]> {
    return this.table().find({
      select: { id: true, unitId: true, name: true, platform: true, platformAccountId: true, homepageUrl: true, state: true, deregisteredAt: true },
      order: { id: 'ASC' },
    });
  }
}
