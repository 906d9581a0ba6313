import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { Unit } from '../units/unit.entity';
import type { FindingFacts } from './read-model.types';

/** The posts module's entity, by name: the read model names no posts-module file (posts uses this model for its statistics). */
const POSTS = 'Post';
/** The findings module's entity, by name, likewise (findings reads its detectors' inputs from here). */
const FINDINGS = 'Finding';

export type PostStatsGroup = 'unit' | 'account' | 'platform';

/** A unit as the quarterly report sees it (report-assemble.ts UnitFacts). */
export interface UnitFactsRow {
  id: number;
  name: string;
  code: string | null;
  status: string;
  abolishedAt: Date | null;
  /** Accounts (any state) that point at the unit. */
  accountsEver: number;
}

/**
 * READ-ONLY read model (see reporting.module.ts): aggregates across several modules' tables
 * in single queries, for reports and statistics (the quarterly report's aggregates: one query
 * each, no post row loaded). Nothing here inserts, updates or deletes.
 */
@Injectable()
export class ReportingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Posts and reposts published in [from, to), grouped by unit, account or platform. */
  postStats(from: Date, to: Date, groupBy: PostStatsGroup, unitId?: number): Promise<{ id: number | string; name?: string; posts: string | number; reposts: string | number }[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .from(POSTS, 'p')
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

  private e(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  private async raw(sql: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return (await this.dataSource.query(query, values)) as Record<string, unknown>[];
  }

  /** Accounts open at `asOf`: opened before it and not deregistered by then. */
  private openAt(alias: string): string {
    const e = this.e.bind(this);
    return `${alias}.${e('opened_at')} IS NOT NULL AND ${alias}.${e('opened_at')} < :asOf AND (${alias}.${e('deregistered_at')} IS NULL OR ${alias}.${e('deregistered_at')} >= :asOf)`;
  }

  /** Units existing in the quarter (not abolished before `from`), with how many accounts each ever had. */
  async unitFacts(from: Date): Promise<UnitFactsRow[]> {
    const e = this.e.bind(this);
    const rows = await this.raw(
      `SELECT u.${e('id')} AS id, u.${e('name')} AS name, u.${e('code')} AS code, u.${e('status')} AS status, u.${e('abolished_at')} AS abolished_at,
        (SELECT COUNT(*) FROM ${e('accounts')} a WHERE a.${e('unit_id')} = u.${e('id')}) AS accounts
       FROM ${e('units')} u WHERE u.${e('status')} <> 'abolished' OR u.${e('abolished_at')} >= :from`,
      { from },
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      code: r.code === null || r.code === undefined ? null : String(r.code),
      status: String(r.status),
      abolishedAt: toDate(r.abolished_at),
      accountsEver: Number(r.accounts) || 0,
    }));
  }

  async postCounts(from: Date, asOf: Date): Promise<Map<number, { posts: number; reposts: number }>> {
    const e = this.e.bind(this);
    const rows = await this.raw(
      `SELECT a.${e('unit_id')} AS unit_id,
         SUM(CASE WHEN p.${e('is_repost')} = :yes THEN 0 ELSE 1 END) AS posts,
         SUM(CASE WHEN p.${e('is_repost')} = :yes THEN 1 ELSE 0 END) AS reposts
       FROM ${e('posts')} p INNER JOIN ${e('accounts')} a ON a.${e('id')} = p.${e('account_id')}
       WHERE p.${e('published_at')} >= :from AND p.${e('published_at')} < :asOf
       GROUP BY a.${e('unit_id')}`,
      { from, asOf, yes: true },
    );
    return new Map(rows.map((r) => [Number(r.unit_id), { posts: Number(r.posts) || 0, reposts: Number(r.reposts) || 0 }]));
  }

  /**
   * Posts and reposts per period, `bounds` being the periods' consecutive limits (n + 1 instants
   * for n periods, each [bounds[i], bounds[i + 1])): one scan of the range, grouped by a CASE
   * on the limits, so no post row is loaded and no dialect's date functions are needed.
   */
  async postsByPeriod(bounds: Date[], unitId: number | null): Promise<{ posts: number; reposts: number }[]> {
    const periods = bounds.slice(1).map(() => ({ posts: 0, reposts: 0 }));
    if (periods.length === 0) return periods;
    const e = this.e.bind(this);
    const params: Record<string, unknown> = { yes: true, unitId };
    bounds.forEach((b, i) => (params[`b${i}`] = b));
    const period = `CASE ${periods.map((_, i) => `WHEN p.${e('published_at')} < :b${i + 1} THEN ${i}`).join(' ')} END`;
    const rows = await this.raw(
      `SELECT x.period AS period, SUM(x.posts) AS posts, SUM(x.reposts) AS reposts FROM (
         SELECT ${period} AS period,
           CASE WHEN p.${e('is_repost')} = :yes THEN 0 ELSE 1 END AS posts,
           CASE WHEN p.${e('is_repost')} = :yes THEN 1 ELSE 0 END AS reposts
         FROM ${e('posts')} p INNER JOIN ${e('accounts')} a ON a.${e('id')} = p.${e('account_id')}
         WHERE p.${e('published_at')} >= :b0 AND p.${e('published_at')} < :b${periods.length}${unitId === null ? '' : ` AND a.${e('unit_id')} = :unitId`}) x
       GROUP BY x.period`,
      params,
    );
    for (const r of rows) {
      const target = periods[Number(r.period)];
      if (target) Object.assign(target, { posts: Number(r.posts) || 0, reposts: Number(r.reposts) || 0 });
    }
    return periods;
  }

  async openAccounts(asOf: Date): Promise<Map<number, Record<string, number>>> {
    const e = this.e.bind(this);
    const rows = await this.raw(
      `SELECT a.${e('unit_id')} AS unit_id, a.${e('platform')} AS platform, COUNT(*) AS n FROM ${e('accounts')} a WHERE ${this.openAt('a')} GROUP BY a.${e('unit_id')}, a.${e('platform')}`,
      { asOf },
    );
    const map = new Map<number, Record<string, number>>();
    for (const r of rows) {
      const unitId = Number(r.unit_id);
      const entry = map.get(unitId) ?? {};
      entry[String(r.platform)] = Number(r.n) || 0;
      map.set(unitId, entry);
    }
    return map;
  }

  async taskCount(from: Date, to: Date): Promise<number> {
    const e = this.e.bind(this);
    const rows = await this.raw(`SELECT COUNT(*) AS n FROM ${e('repost_tasks')} t WHERE t.${e('issued_at')} >= :from AND t.${e('issued_at')} < :to`, { from, to });
    return Number(rows[0]?.n) || 0;
  }

  /**
   * Columns of accounts open at `asOf` that were broken then: the column's current health for the
   * current quarter; for a past quarter the latest link check at or before the end of the period
   * (a column with no check by then does not count, whenever it was created).
   */
  async brokenColumns(asOf: Date, current: boolean): Promise<Map<number, number>> {
    const e = this.e.bind(this);
    const rows = current
      ? await this.raw(
          `SELECT a.${e('unit_id')} AS unit_id, COUNT(*) AS n FROM ${e('columns')} c INNER JOIN ${e('accounts')} a ON a.${e('id')} = c.${e('account_id')}
           WHERE c.${e('health')} = 'broken' AND ${this.openAt('a')} GROUP BY a.${e('unit_id')}`,
          { asOf },
        )
      : await this.raw(
          `SELECT x.unit_id AS unit_id, COUNT(*) AS n FROM (
             SELECT a.${e('unit_id')} AS unit_id,
               (SELECT lc.${e('health')} FROM ${e('link_checks')} lc WHERE lc.${e('column_id')} = c.${e('id')} AND lc.${e('checked_at')} <= :asOf ORDER BY lc.${e('checked_at')} DESC, lc.${e('id')} DESC LIMIT 1) AS health
             FROM ${e('columns')} c INNER JOIN ${e('accounts')} a ON a.${e('id')} = c.${e('account_id')}
             WHERE ${this.openAt('a')}) x
           WHERE x.health = 'broken' GROUP BY x.unit_id`,
          { asOf },
        );
    return new Map(rows.map((r) => [Number(r.unit_id), Number(r.n) || 0]));
  }

  /** Every account open at `asOf` with its latest post at or before then (one index seek per account). */
  async lastPosts(asOf: Date): Promise<{ id: number; name: string; platform: string; unitId: number; openedAt: Date; lastPostAt: Date | null }[]> {
    const e = this.e.bind(this);
    const rows = await this.raw(
      `SELECT a.${e('id')} AS id, a.${e('name')} AS name, a.${e('platform')} AS platform, a.${e('unit_id')} AS unit_id, a.${e('opened_at')} AS opened_at,
         (SELECT p.${e('published_at')} FROM ${e('posts')} p WHERE p.${e('account_id')} = a.${e('id')} AND p.${e('published_at')} < :asOf ORDER BY p.${e('published_at')} DESC LIMIT 1) AS last_post
       FROM ${e('accounts')} a WHERE ${this.openAt('a')}`,
      { asOf },
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      platform: String(r.platform),
      unitId: Number(r.unit_id),
      openedAt: toDate(r.opened_at)!,
      lastPostAt: toDate(r.last_post),
    }));
  }

  /**
   * Findings that may belong to a quarter (reports/report-findings.ts decides): detected from its
   * start on (evidence in the quarter cannot be found earlier) or unresolved at `asOf`, and not
   * accepted (judged no violation) before `asOf`.
   */
  async findingCandidates(from: Date, asOf: Date): Promise<FindingFacts[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .from(FINDINGS, 'f')
      .select(['f.kind AS kind', 'f.unitId AS unit_id', 'f.evidence AS evidence', 'f.detectedAt AS detected_at', 'f.resolvedAt AS resolved_at'])
      .where(new Brackets((w) => w.where('f.detectedAt >= :from', { from }).orWhere('f.resolvedAt IS NULL OR f.resolvedAt >= :asOf', { asOf })))
      .andWhere('(f.acceptedAt IS NULL OR f.acceptedAt >= :asOf)', { asOf })
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      kind: String(r.kind),
      unitId: r.unit_id === null || r.unit_id === undefined ? null : Number(r.unit_id),
      evidence: parseJson(r.evidence),
      detectedAt: toDate(r.detected_at)!,
      resolvedAt: toDate(r.resolved_at),
    }));
  }
}

/** A datetime as the driver returns it: a Date (MySQL) or `YYYY-MM-DD HH:MM:SS.SSS` in UTC (SQLite). */
function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A JSON column as the driver returns it: parsed (MySQL) or text (SQLite). */
function parseJson(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object') return value as Record<string, unknown>;
  try {
    return JSON.parse(String(value)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
