import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { rawDate } from '../../database/raw-date';
import { LIVE_STATES } from '../accounts/account-state-machine';
import { Account } from '../accounts/account.entity';
import type { AccountFacts, PlatformAccount, PostRef, ScannedPost } from './read-model.types';
import { Unit } from '../units/unit.entity';

/** The posts module's entity, by name: the read model names no posts-module file (posts uses this model for its statistics). */
const POSTS = 'Post';

const CHUNK = 500;

function placeholders(n: number): string {
  return new Array(n).fill('?').join(', ');
}

interface RawPost {
  id: number | string;
  accountId: number | string;
  title: string;
  url: string | null;
  publishedAt: unknown;
}

function toRef(row: RawPost): PostRef {
  return { id: Number(row.id), title: row.title, url: row.url, publishedAt: rawDate(row.publishedAt) as Date };
}

/**
 * READ-ONLY part of the read model (see reporting.module.ts): aggregate reads over accounts,
 * units, posts and handover flags for the findings detectors, in single queries per chunk
 * (never all posts at once). Nothing here writes.
 */
@Injectable()
export class FindingsReadRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Account ids in id order, a chunk at a time. */
  async accountIdChunks(): Promise<number[][]> {
    const rows = await this.dataSource.getRepository(Account).createQueryBuilder('a').select('a.id', 'id').orderBy('a.id', 'ASC').getRawMany<{ id: number | string }>();
    const ids = rows.map((r) => Number(r.id));
    const chunks: number[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
    return chunks;
  }

  /** What the account detectors need for these accounts: three aggregate queries over posts. */
  async accountFacts(ids: number[]): Promise<AccountFacts[]> {
    const result: AccountFacts[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) result.push(...(await this.factsChunk(ids.slice(i, i + CHUNK))));
    return result;
  }

  private async factsChunk(ids: number[]): Promise<AccountFacts[]> {
    if (!ids.length) return [];
    const accounts = await this.dataSource.getRepository(Account).find({ where: { id: In(ids) }, order: { id: 'ASC' } });
    if (!accounts.length) return [];
    const units = new Map((await this.dataSource.getRepository(Unit).find({ where: { id: In([...new Set(accounts.map((a) => a.unitId))]) } })).map((u) => [u.id, u]));
    const list = placeholders(accounts.length);
    const params = accounts.map((a) => a.id);
    const edge = async (fn: 'MIN' | 'MAX') => {
      const rows: RawPost[] = await this.dataSource.query(
        `SELECT p.id AS id, p.account_id AS accountId, p.title AS title, p.url AS url, p.published_at AS publishedAt
           FROM posts p
           JOIN (SELECT account_id, ${fn}(published_at) AS edge_at FROM posts WHERE account_id IN (${list}) GROUP BY account_id) x
             ON x.account_id = p.account_id AND p.published_at = x.edge_at`,
        params,
      );
      const byAccount = new Map<number, PostRef>();
      for (const row of rows) {
        const ref = toRef(row);
        const known = byAccount.get(Number(row.accountId));
        // Ties at the same instant: the earliest edge keeps the lowest id, the latest the highest.
        if (!known || (fn === 'MIN' ? ref.id < known.id : ref.id > known.id)) byAccount.set(Number(row.accountId), ref);
      }
      return byAccount;
    };
    const earliest = await edge('MIN');
    const latest = await edge('MAX');
    const deregistered = accounts.filter((a) => a.state === 'deregistered' && a.deregisteredAt);
    const after = new Map<number, { count: number; sample: PostRef[] }>();
    if (deregistered.length) {
      const counts: { accountId: number | string; n: number | string }[] = await this.dataSource.query(
        `SELECT p.account_id AS accountId, COUNT(*) AS n FROM posts p JOIN accounts a ON a.id = p.account_id
          WHERE p.account_id IN (${placeholders(deregistered.length)}) AND a.deregistered_at IS NOT NULL AND p.published_at > a.deregistered_at
          GROUP BY p.account_id`,
        deregistered.map((a) => a.id),
      );
      for (const row of counts) {
        const sample: RawPost[] = await this.dataSource.query(
          `SELECT p.id AS id, p.account_id AS accountId, p.title AS title, p.url AS url, p.published_at AS publishedAt
             FROM posts p JOIN accounts a ON a.id = p.account_id
            WHERE p.account_id = ? AND p.published_at > a.deregistered_at
            ORDER BY p.published_at DESC, p.id DESC LIMIT 5`,
          [Number(row.accountId)],
        );
        after.set(Number(row.accountId), { count: Number(row.n), sample: sample.map(toRef) });
      }
    }
    // [recertify] open handover flags (table of the recertification module, read only).
    const handover = new Map<number, NonNullable<AccountFacts['handoverFlags']>>();
    const flagRows: { accountId: number | string; userId: number | string; userName: string; reason: string; flaggedAt: unknown }[] = await this.dataSource.query(
      `SELECT account_id AS accountId, user_id AS userId, user_name AS userName, reason AS reason, flagged_at AS flaggedAt
         FROM handover_flags WHERE cleared_at IS NULL AND account_id IN (${list}) ORDER BY id`,
      params,
    );
    for (const row of flagRows) {
      const id = Number(row.accountId);
      handover.set(id, [...(handover.get(id) ?? []), { userId: Number(row.userId), userName: row.userName, reason: row.reason, flaggedAt: rawDate(row.flaggedAt) as Date }]);
    }
    return accounts.map((a) => {
      const unit = units.get(a.unitId);
      return {
        id: a.id,
        name: a.name,
        platform: a.platform,
        state: a.state,
        unitId: a.unitId,
        unitName: unit?.name ?? null,
        unitStatus: unit?.status ?? null,
        unitAbolishedAt: unit?.abolishedAt ?? null,
        successorUnitId: unit?.successorUnitId ?? null,
        appliedAt: a.appliedAt,
        approvedAt: a.approvedAt,
        openedAt: a.openedAt,
        deregisteredAt: a.deregisteredAt,
        operatorName: a.operatorName,
        operatorPhone: a.operatorPhone,
        justification: a.justification,
        earliestPost: earliest.get(a.id) ?? null,
        latestPost: latest.get(a.id) ?? null,
        postsAfterDeregistration: after.get(a.id) ?? null,
        handoverFlags: handover.get(a.id) ?? [],
      };
    });
  }

  /** Live accounts of every (unit, platform) that has more than one: one GROUP BY over accounts. */
  async crowdedPlatforms(): Promise<PlatformAccount[]> {
    const groups = await this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .select('a.unitId', 'unitId')
      .addSelect('a.platform', 'platform')
      .where('a.state IN (:...live)', { live: [...LIVE_STATES] })
      .groupBy('a.unitId')
      .addGroupBy('a.platform')
      .having('COUNT(*) > 1')
      .getRawMany<{ unitId: number | string; platform: string }>();
    if (!groups.length) return [];
    const wanted = new Set(groups.map((g) => `${Number(g.unitId)}:${g.platform}`));
    const unitIds = [...new Set(groups.map((g) => Number(g.unitId)))];
    const result: PlatformAccount[] = [];
    for (let i = 0; i < unitIds.length; i += CHUNK) {
      const chunk = unitIds.slice(i, i + CHUNK);
      const accounts = await this.dataSource.getRepository(Account).find({ where: { unitId: In(chunk), state: In([...LIVE_STATES]) }, order: { id: 'ASC' } });
      const units = new Map((await this.dataSource.getRepository(Unit).find({ where: { id: In(chunk) } })).map((u) => [u.id, u.name]));
      for (const a of accounts) {
        if (!wanted.has(`${a.unitId}:${a.platform}`)) continue;
        result.push({
          id: a.id,
          name: a.name,
          platform: a.platform,
          state: a.state,
          unitId: a.unitId,
          unitName: units.get(a.unitId) ?? null,
          justification: a.justification,
          appliedAt: a.appliedAt,
        });
      }
    }
    return result;
  }

  /**
   * The next ids (after `afterId`, in id order, at most `limit`) of posts to scan: with `full`
   * every post, else those with no scan record or scanned with other content or another ruleset
   * (post_scans, the findings module's table). Reads the narrow (id, content_hash) index, never
   * the bodies, so the pass over unchanged posts stays cheap.
   */
  async stalePostIds(afterId: number, limit: number, ruleset: string, options: { accountIds?: number[]; full?: boolean } = {}): Promise<number[]> {
    const params: unknown[] = [afterId];
    let sql = options.full
      ? 'SELECT p.id AS id FROM posts p WHERE p.id > ?'
      : `SELECT p.id AS id FROM posts p LEFT JOIN post_scans s ON s.post_id = p.id
          WHERE p.id > ? AND (s.post_id IS NULL OR s.ruleset <> ? OR s.content_hash <> COALESCE(p.content_hash, ''))`;
    if (!options.full) params.push(ruleset);
    if (options.accountIds) {
      const ids = options.accountIds.length ? options.accountIds : [-1];
      sql += ` AND p.account_id IN (${placeholders(ids.length)})`;
      params.push(...ids);
    }
    sql += ' ORDER BY p.id LIMIT ?';
    params.push(limit);
    const rows: { id: number | string }[] = await this.dataSource.query(sql, params);
    return rows.map((r) => Number(r.id));
  }

  /** How many posts a scan looks at (all, or some accounts'): its progress total. */
  async countPosts(accountIds?: number[]): Promise<number> {
    const qb = this.dataSource.createQueryBuilder().from(POSTS, 'p').select('COUNT(*)', 'n');
    if (accountIds) qb.where('p.accountId IN (:...accountIds)', { accountIds: accountIds.length ? accountIds : [-1] });
    return Number((await qb.getRawOne<{ n: number | string }>())?.n ?? 0);
  }

  /** Which of these post ids still exist (findings about the others resolve). */
  async existingPostIds(ids: number[]): Promise<Set<number>> {
    const found = new Set<number>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows: { id: number | string }[] = await this.dataSource.query(`SELECT id FROM posts WHERE id IN (${placeholders(chunk.length)})`, chunk);
      for (const r of rows) found.add(Number(r.id));
    }
    return found;
  }

  /** These posts (at most a page) with their bodies and content hashes, in id order (plain SQL: a page per call, no entity mapping). */
  async postsByIds(ids: number[]): Promise<ScannedPost[]> {
    if (!ids.length) return [];
    const rows: {
      id: number | string;
      accountId: number | string;
      title: string;
      body: string | null;
      contentHash: string | null;
      url: string | null;
      publishedAt: unknown;
      accountName: string;
      unitId: number | string;
    }[] = await this.dataSource.query(
      `SELECT p.id AS id, p.account_id AS accountId, p.title AS title, p.body AS body, p.content_hash AS contentHash, p.url AS url,
              p.published_at AS publishedAt, a.name AS accountName, a.unit_id AS unitId
         FROM posts p JOIN accounts a ON a.id = p.account_id
        WHERE p.id IN (${placeholders(ids.length)}) ORDER BY p.id`,
      ids,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      accountId: Number(r.accountId),
      accountName: r.accountName,
      unitId: Number(r.unitId),
      title: r.title,
      body: r.body,
      contentHash: r.contentHash,
      url: r.url,
      publishedAt: rawDate(r.publishedAt) as Date,
    }));
  }
}
