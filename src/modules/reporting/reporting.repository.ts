import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { Post } from '../posts/post.entity';
import { Unit } from '../units/unit.entity';

export type PostStatsGroup = 'unit' | 'account' | 'platform';

/**
 * READ-ONLY read model (see reporting.module.ts): aggregates across several modules' tables
 * in single queries, for reports and statistics. Nothing here inserts, updates or deletes.
 */
@Injectable()
export class ReportingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Posts and reposts published in [from, to), grouped by unit, account or platform. */
  postStats(from: Date, to: Date, groupBy: PostStatsGroup, unitId?: number): Promise<{ id: number | string; name?: string; posts: string | number; reposts: string | number }[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .from(Post, 'p')
      .innerJoin(Account, 'a', 'a.id = p.accountId')
      .where('p.publishedAt >= :from AND p.publishedAt < :to', { from, to })
      .addSelect('SUM(CASE WHEN p.isRepost = :yes THEN 0 ELSE 1 END)', 'posts')
      .addSelect('SUM(CASE WHEN p.isRepost = :yes THEN 1 ELSE 0 END)', 'reposts')
      .setParameter('yes', true);
    if (unitId !== undefined) qb.andWhere('a.unitId = :unitId', { unitId });
    if (groupBy === 'unit')
      qb.innerJoin(Unit, 'u', 'u.id = a.unitId').addSelect('a.unitId', 'id').addSelect('u.name', 'name').groupBy('a.unitId').addGroupBy('u.name').orderBy('a.unitId');
    else if (groupBy === 'account') qb.addSelect('a.id', 'id').addSelect('a.name', 'name').groupBy('a.id').addGroupBy('a.name').orderBy('a.id');
    else qb.addSelect('a.platform', 'id').groupBy('a.platform').orderBy('a.platform');
    return qb.getRawMany<{ id: number | string; name?: string; posts: string | number; reposts: string | number }>();
  }
}
