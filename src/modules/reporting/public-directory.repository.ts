import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import type { Page } from '../../common/pagination';
import { containsText, likePattern } from '../../database/pagination';
import { Account } from '../accounts/account.entity';
import { Unit } from '../units/unit.entity';

/** The only columns ever read from `accounts` here (no contacts, notes, secrets or reasons). */
const ACCOUNT_COLUMNS = ['a.id', 'a.unitId', 'a.platform', 'a.name', 'a.platformAccountId', 'a.homepageUrl', 'a.openedAt'] as const;
const UNIT_COLUMNS = ['u.id', 'u.name', 'u.code'] as const;

export type DirectoryAccountRow = Pick<Account, 'id' | 'unitId' | 'platform' | 'name' | 'platformAccountId' | 'homepageUrl' | 'openedAt'>;
export type DirectoryCandidateRow = DirectoryAccountRow & Pick<Account, 'state' | 'deregisteredAt'>;

export interface DirectoryFilter {
  unitId?: number;
  platform?: string;
  q?: string;
}

/**
 * READ-ONLY part of the read model (see reporting.module.ts): the public directory's queries,
 * which join `accounts` with `units` (search and order by unit) in one query. Explicit column
 * lists only; nothing here writes.
 */
@Injectable()
export class PublicDirectoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private openedQuery(filter: DirectoryFilter): SelectQueryBuilder<Account> {
    const query = this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .select([...ACCOUNT_COLUMNS])
      .innerJoin(Unit, 'u', 'u.id = a.unitId')
      .where('a.state = :state', { state: 'opened' });
    if (filter.unitId !== undefined) query.andWhere('a.unitId = :unitId', { unitId: filter.unitId });
    if (filter.platform !== undefined) query.andWhere('a.platform = :platform', { platform: filter.platform });
    const q = filter.q?.trim();
    if (q) query.andWhere(containsText(['a.name', 'a.platformAccountId', 'u.name'], 'q'), { q: likePattern(q) });
    return query.orderBy('u.code', 'ASC').addOrderBy('u.name', 'ASC').addOrderBy('a.platform', 'ASC').addOrderBy('a.name', 'ASC').addOrderBy('a.id', 'ASC');
  }

  /** A page of opened accounts in directory order. */
  async openedPage(filter: DirectoryFilter, page: number, pageSize: number): Promise<Page<DirectoryAccountRow>> {
    const [items, total] = await this.openedQuery(filter)
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
  }

  /** Opened accounts in directory order, at most `limit`. */
  opened(filter: DirectoryFilter, limit: number): Promise<DirectoryAccountRow[]> {
    return this.openedQuery(filter).limit(limit).getMany();
  }

  async unitNames(unitIds: number[]): Promise<Map<number, string>> {
    if (unitIds.length === 0) return new Map();
    const units = await this.dataSource
      .getRepository(Unit)
      .createQueryBuilder('u')
      .select([...UNIT_COLUMNS])
      .where({ id: In([...new Set(unitIds)]) })
      .getMany();
    return new Map(units.map((u) => [u.id, u.name]));
  }

  /** Units with at least one opened account, with the count, in directory order. */
  async unitsWithOpenedAccounts(): Promise<{ id: number; name: string; code: string | null; accounts: number }[]> {
    const rows = await this.dataSource
      .getRepository(Unit)
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .addSelect('u.name', 'name')
      .addSelect('u.code', 'code')
      .addSelect('COUNT(a.id)', 'accounts')
      .innerJoin(Account, 'a', 'a.unitId = u.id AND a.state = :state', { state: 'opened' })
      .groupBy('u.id')
      .addGroupBy('u.name')
      .addGroupBy('u.code')
      .orderBy('u.code', 'ASC')
      .addOrderBy('u.name', 'ASC')
      .getRawMany<{ id: number | string; name: string; code: string | null; accounts: number | string }>();
    return rows.map((r) => ({ id: Number(r.id), name: r.name, code: r.code ?? null, accounts: Number(r.accounts) }));
  }

  /** Opened or deregistered accounts whose platform id is one of `ids` or whose homepage contains `fragment` (3+ characters). */
  verificationCandidates(ids: string[], fragment: string, limit: number): Promise<DirectoryCandidateRow[]> {
    return this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .select([...ACCOUNT_COLUMNS, 'a.state', 'a.deregisteredAt'])
      .where('a.state IN (:...states)', { states: ['opened', 'deregistered'] })
      .andWhere(
        new Brackets((w) => {
          w.where('LOWER(a.platformAccountId) IN (:...ids)', { ids: ids.length ? ids.map((i) => i.toLowerCase()) : [''] });
          if (fragment.length >= 3) w.orWhere("a.homepageUrl LIKE :fragment ESCAPE '!'", { fragment: `%${fragment.replace(/[!%_]/g, (c) => `!${c}`)}%` });
        }),
      )
      .orderBy('a.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
