import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { rawDate } from '../../database/raw-date';
import type { CandidateAccount, ColumnFact, FindingRow, PostFact, TaskFact } from './inspection-facts.types';

const CHUNK = 500;

/**
 * The inspections' read model (see reporting.module.ts): READ-ONLY aggregate queries over other modules' tables (accounts,
 * units, posts, findings, columns, link_checks, repost tasks and results, targets) as they stood
 * at an inspection date. It never writes; inspections write only their own tables
 * (inspections/inspections.repository.ts). Every query covers many accounts at once (chunks of 500 ids), so
 * a round's evaluation costs a few queries per chunk, never one per account.
 */
@Injectable()
export class InspectionFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private e(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  private async raw(sql: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return (await this.dataSource.query(query, values)) as Record<string, unknown>[];
  }

  /** Accounts open at `asOf` (opened before it, not deregistered by then), within the filters. */
  async openAccounts(asOf: Date, filters: { unitIds?: number[] | null; platforms?: string[] | null }): Promise<CandidateAccount[]> {
    const e = this.e.bind(this);
    const where = [
      `a.${e('opened_at')} IS NOT NULL AND a.${e('opened_at')} < :asOf AND (a.${e('deregistered_at')} IS NULL OR a.${e('deregistered_at')} >= :asOf)`,
      filters.unitIds?.length ? `a.${e('unit_id')} IN (:...unitIds)` : '',
      filters.platforms?.length ? `a.${e('platform')} IN (:...platforms)` : '',
    ].filter(Boolean);
    const rows = await this.raw(
      `SELECT a.${e('id')} AS id, a.${e('name')} AS name, a.${e('platform')} AS platform, a.${e('unit_id')} AS unit_id, u.${e('name')} AS unit_name, u.${e('code')} AS unit_code
       FROM ${e('accounts')} a INNER JOIN ${e('units')} u ON u.${e('id')} = a.${e('unit_id')} WHERE ${where.join(' AND ')} ORDER BY a.${e('id')}`,
      { asOf, unitIds: filters.unitIds ?? [], platforms: filters.platforms ?? [] },
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      platform: String(r.platform),
      unitId: Number(r.unit_id),
      unitName: String(r.unit_name),
      unitCode: r.unit_code === null || r.unit_code === undefined ? null : String(r.unit_code),
    }));
  }

  /** Units by id with their code, for ordering summaries as reports do (code, then name). */
  async unitCodes(): Promise<Map<number, string | null>> {
    const e = this.e.bind(this);
    const rows = await this.raw(`SELECT ${e('id')} AS id, ${e('code')} AS code FROM ${e('units')}`, {});
    return new Map(rows.map((r) => [Number(r.id), r.code === null || r.code === undefined ? null : String(r.code)]));
  }

  /** Which of these unit ids exist. */
  async existingUnits(ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const e = this.e.bind(this);
    const rows = await this.raw(`SELECT ${e('id')} AS id FROM ${e('units')} WHERE ${e('id')} IN (:...ids)`, { ids });
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** Posts (and reposts) per account in [since, asOf). */
  async recentPostCounts(accountIds: number[], since: Date, asOf: Date): Promise<Map<number, number>> {
    const e = this.e.bind(this);
    const map = new Map<number, number>();
    for (const ids of chunks(accountIds)) {
      const rows = await this.raw(
        `SELECT p.${e('account_id')} AS account_id, COUNT(*) AS n FROM ${e('posts')} p
         WHERE p.${e('account_id')} IN (:...ids) AND p.${e('published_at')} >= :since AND p.${e('published_at')} < :asOf GROUP BY p.${e('account_id')}`,
        { ids, since, asOf },
      );
      for (const r of rows) map.set(Number(r.account_id), Number(r.n) || 0);
    }
    return map;
  }

  /** Each account's latest post before `asOf` (one index seek per account, inside one query per chunk). */
  async lastPosts(accountIds: number[], asOf: Date): Promise<Map<number, PostFact>> {
    const e = this.e.bind(this);
    const map = new Map<number, PostFact>();
    for (const ids of chunks(accountIds)) {
      const rows = await this.raw(
        `SELECT p.${e('account_id')} AS account_id, p.${e('id')} AS id, p.${e('title')} AS title, p.${e('url')} AS url, p.${e('published_at')} AS published_at
         FROM ${e('posts')} p WHERE p.${e('id')} IN (
           SELECT (SELECT p2.${e('id')} FROM ${e('posts')} p2 WHERE p2.${e('account_id')} = a.${e('id')} AND p2.${e('published_at')} < :asOf
                   ORDER BY p2.${e('published_at')} DESC, p2.${e('id')} DESC LIMIT 1)
           FROM ${e('accounts')} a WHERE a.${e('id')} IN (:...ids))`,
        { ids, asOf },
      );
      for (const r of rows) {
        map.set(Number(r.account_id), { id: Number(r.id), title: String(r.title ?? ''), url: r.url ? String(r.url) : null, publishedAt: rawDate(r.published_at)! });
      }
    }
    return map;
  }

  /** Original posts (not reposts) per unit in [from, asOf), over all the unit's accounts. */
  async unitPostCounts(unitIds: number[], from: Date, asOf: Date): Promise<Map<number, number>> {
    const e = this.e.bind(this);
    const map = new Map<number, number>();
    for (const ids of chunks(unitIds)) {
      const rows = await this.raw(
        `SELECT a.${e('unit_id')} AS unit_id, COUNT(*) AS n FROM ${e('posts')} p INNER JOIN ${e('accounts')} a ON a.${e('id')} = p.${e('account_id')}
         WHERE a.${e('unit_id')} IN (:...ids) AND p.${e('is_repost')} = :no AND p.${e('published_at')} >= :from AND p.${e('published_at')} < :asOf
         GROUP BY a.${e('unit_id')}`,
        { ids, from, asOf, no: false },
      );
      for (const r of rows) map.set(Number(r.unit_id), Number(r.n) || 0);
    }
    return map;
  }

  /** The quarter's post targets: per unit, and the default (unit 0) under key 0. */
  async postTargets(quarter: string): Promise<Map<number, number>> {
    const e = this.e.bind(this);
    const rows = await this.raw(`SELECT ${e('unit_id')} AS unit_id, ${e('posts')} AS posts FROM ${e('targets')} WHERE ${e('quarter')} = :quarter`, { quarter });
    return new Map(rows.map((r) => [Number(r.unit_id), Number(r.posts) || 0]));
  }

  /**
   * Findings of these kinds per account detected since `from` (their evidence may lie earlier or
   * later: inspections judge that). Accepted findings (judged not a problem) are left out.
   */
  async findings(accountIds: number[], kinds: readonly string[], from: Date): Promise<Map<number, FindingRow[]>> {
    const e = this.e.bind(this);
    const map = new Map<number, FindingRow[]>();
    if (!kinds.length) return map;
    for (const ids of chunks(accountIds)) {
      const rows = await this.raw(
        `SELECT f.${e('id')} AS id, f.${e('kind')} AS kind, f.${e('account_id')} AS account_id, f.${e('message')} AS message, f.${e('evidence')} AS evidence, f.${e('detected_at')} AS detected_at
         FROM ${e('findings')} f WHERE f.${e('account_id')} IN (:...ids) AND f.${e('kind')} IN (:...kinds) AND f.${e('status')} <> 'accepted' AND f.${e('detected_at')} >= :from`,
        { ids, kinds: [...kinds], from },
      );
      for (const r of rows) {
        const row: FindingRow = { id: Number(r.id), kind: String(r.kind), message: String(r.message), evidence: parseJson(r.evidence), detectedAt: rawDate(r.detected_at)! };
        const list = map.get(Number(r.account_id)) ?? [];
        list.push(row);
        map.set(Number(r.account_id), list);
      }
    }
    return map;
  }

  /** Columns whose latest link check at or before `asOf` found them broken (never checked by then: not counted). */
  async brokenColumns(accountIds: number[], asOf: Date): Promise<Map<number, ColumnFact[]>> {
    const e = this.e.bind(this);
    const map = new Map<number, ColumnFact[]>();
    for (const ids of chunks(accountIds)) {
      const rows = await this.raw(
        `SELECT c.${e('id')} AS id, c.${e('account_id')} AS account_id, c.${e('name')} AS name, c.${e('url')} AS url, lc.${e('health')} AS health, lc.${e('checked_at')} AS checked_at
         FROM ${e('columns')} c INNER JOIN ${e('link_checks')} lc ON lc.${e('id')} = (
           SELECT l2.${e('id')} FROM ${e('link_checks')} l2 WHERE l2.${e('column_id')} = c.${e('id')} AND l2.${e('checked_at')} <= :asOf
           ORDER BY l2.${e('checked_at')} DESC, l2.${e('id')} DESC LIMIT 1)
         WHERE c.${e('account_id')} IN (:...ids)`,
        { ids, asOf },
      );
      for (const r of rows) {
        if (String(r.health) !== 'broken') continue;
        const list = map.get(Number(r.account_id)) ?? [];
        list.push({ id: Number(r.id), name: String(r.name), url: String(r.url), checkedAt: rawDate(r.checked_at)! });
        map.set(Number(r.account_id), list);
      }
    }
    for (const list of map.values()) list.sort((a, b) => a.id - b.id);
    return map;
  }

  /**
   * Repost tasks issued in [from, to) and due by `asOf` that the account had not done by then:
   * its result is missing, or its repost came after the inspection date.
   */
  async missedTasks(accountIds: number[], from: Date, to: Date, asOf: Date): Promise<Map<number, TaskFact[]>> {
    const e = this.e.bind(this);
    const map = new Map<number, TaskFact[]>();
    for (const ids of chunks(accountIds)) {
      const rows = await this.raw(
        `SELECT r.${e('account_id')} AS account_id, t.${e('id')} AS id, t.${e('title')} AS title, t.${e('due_at')} AS due_at
         FROM ${e('repost_task_results')} r INNER JOIN ${e('repost_tasks')} t ON t.${e('id')} = r.${e('task_id')}
         WHERE r.${e('account_id')} IN (:...ids) AND t.${e('issued_at')} >= :from AND t.${e('issued_at')} < :to AND t.${e('due_at')} <= :asOf
           AND (r.${e('status')} = 'missing' OR r.${e('posted_at')} IS NULL OR r.${e('posted_at')} > :asOf)`,
        { ids, from, to, asOf },
      );
      for (const r of rows) {
        const list = map.get(Number(r.account_id)) ?? [];
        list.push({ id: Number(r.id), title: String(r.title), dueAt: rawDate(r.due_at)! });
        map.set(Number(r.account_id), list);
      }
    }
    for (const list of map.values()) list.sort((a, b) => a.id - b.id);
    return map;
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function parseJson(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object') return value as Record<string, unknown>;
  try {
    const parsed = JSON.parse(String(value ?? '{}')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
