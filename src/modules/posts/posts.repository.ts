import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Page, PageQuery } from '../../common/pagination';
import { paginate } from '../../database/pagination';
import { rawDate } from '../../database/raw-date';
import { EntityRepository, Transaction } from '../../database/transactions';
import { Post } from './post.entity';

export interface PostFilter {
  /** Only posts of these accounts (a unit's, resolved through the accounts module). */
  accountIds?: number[];
  accountId?: number;
  from?: Date;
  to?: Date;
  isRepost?: boolean;
}

export type CandidatePostRow = Pick<Post, 'id' | 'accountId' | 'title' | 'url' | 'sourceUrl' | 'publishedAt' | 'isRepost'>;

/** The `posts` table: stored once per (account, platformPostId). */
@Injectable()
export class PostsRepository extends EntityRepository<Post> {
  constructor(@InjectDataSource() dataSource: DataSource) {
    super(dataSource, Post);
  }

  /** Which of these platform post ids (at most a few hundred) are stored for the account. */
  async knownIds(accountId: number, ids: string[], tx?: Transaction): Promise<string[]> {
    const rows = await this.table(tx)
      .createQueryBuilder('p')
      .select('p.platformPostId', 'id')
      .where('p.accountId = :accountId', { accountId })
      .andWhere('p.platformPostId IN (:...ids)', { ids })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** The stored posts among these platform post ids (at most a few hundred): id and content hash, to tell corrections. */
  storedHashes(accountId: number, ids: string[], tx?: Transaction): Promise<{ id: number | string; platformPostId: string; contentHash: string | null }[]> {
    return this.table(tx)
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .addSelect('p.platformPostId', 'platformPostId')
      .addSelect('p.contentHash', 'contentHash')
      .where('p.accountId = :accountId', { accountId })
      .andWhere('p.platformPostId IN (:...ids)', { ids })
      .getRawMany();
  }

  /** A corrected post: its title and text as the source now gives them. */
  async updateContent(tx: Transaction, id: number, fields: Pick<Post, 'title' | 'body' | 'bodyTruncated' | 'contentHash'>): Promise<void> {
    await this.table(tx).update(id, fields);
  }

  /** INSERT OR IGNORE (SQLite) / INSERT IGNORE (MySQL): rows already stored are left alone. */
  async insertIgnoring(tx: Transaction, rows: Partial<Post>[]): Promise<void> {
    await this.table(tx).createQueryBuilder().insert().into(Post).values(rows).orIgnore().updateEntity(false).execute();
  }

  /** Newest first, with the body (not selected by default). */
  list<T>(filter: PostFilter, query: PageQuery, present: (post: Post) => T): Promise<Page<T>> {
    const qb = this.table().createQueryBuilder('p').addSelect('p.body').orderBy('p.publishedAt', 'DESC').addOrderBy('p.id', 'DESC');
    if (filter.accountIds) qb.andWhere('p.accountId IN (:...accountIds)', { accountIds: filter.accountIds.length ? filter.accountIds : [0] });
    if (filter.accountId !== undefined) qb.andWhere('p.accountId = :accountId', { accountId: filter.accountId });
    if (filter.from) qb.andWhere('p.publishedAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('p.publishedAt < :to', { to: filter.to });
    if (filter.isRepost !== undefined) qb.andWhere('p.isRepost = :isRepost', { isRepost: filter.isRepost });
    return paginate(qb, query, present);
  }

  countOf(accountIds: number[]): Promise<number> {
    return accountIds.length ? this.table().count({ where: { accountId: In(accountIds) } }) : Promise.resolve(0);
  }

  /** The matching fields of the posts of these accounts (at most a few hundred) published since `since`. */
  publishedSince(accountIds: number[], since: Date): Promise<CandidatePostRow[]> {
    if (!accountIds.length) return Promise.resolve([]);
    return this.table()
      .createQueryBuilder('p')
      .select(['p.id', 'p.accountId', 'p.title', 'p.url', 'p.sourceUrl', 'p.publishedAt', 'p.isRepost'])
      .where('p.accountId IN (:...ids)', { ids: accountIds })
      .andWhere('p.publishedAt >= :since', { since })
      .getMany();
  }

  /** The latest post of each of the given accounts (any number: read in chunks); accounts without posts are absent. */
  async latestPostTimes(accountIds: number[]): Promise<Map<number, Date>> {
    const unique = [...new Set(accountIds)];
    const latest = new Map<number, Date>();
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.table()
        .createQueryBuilder('p')
        .select('p.accountId', 'accountId')
        .addSelect('MAX(p.publishedAt)', 'latest')
        .where({ accountId: In(unique.slice(i, i + 500)) })
        .groupBy('p.accountId')
        .getRawMany<{ accountId: number | string; latest: Date | string }>();
      for (const r of rows) {
        const at = rawDate(r.latest);
        if (at) latest.set(Number(r.accountId), at);
      }
    }
    return latest;
  }
}
