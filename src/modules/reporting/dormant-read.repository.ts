import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { rawDate } from '../../database/raw-date';
import type { OpenedAccountFacts } from './read-model.types';
import { maskPersonalNumbers } from '../../common/personal-numbers';

/**
 * READ-ONLY part of the read model (see reporting.module.ts): every opened account with its
 * unit and latest post, for the dormant-account list (僵尸号), in one query over `accounts`,
 * `units` and `posts`. Nothing here writes.
 */
@Injectable()
export class DormantReadRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async openedAccounts(unitId: number | null): Promise<OpenedAccountFacts[]> {
    const unitFilter = unitId === null ? '' : 'AND a.unit_id = ?';
    const rows = (await this.dataSource.query(
      `SELECT a.id AS id, a.unit_id AS unit_id, u.name AS unit_name, a.name AS name, a.platform AS platform,
              COALESCE(a.opened_at, a.applied_at, a.created_at) AS opened_at,
              p.title AS post_title, p.url AS post_url, p.published_at AS post_at
         FROM accounts a
         JOIN units u ON u.id = a.unit_id
         LEFT JOIN posts p ON p.id = (SELECT p2.id FROM posts p2 WHERE p2.account_id = a.id ORDER BY p2.published_at DESC, p2.id DESC LIMIT 1)
        WHERE a.state = 'opened' ${unitFilter}
        ORDER BY a.id`,
      unitId === null ? [] : [unitId],
    )) as Record<string, unknown>[];
    return rows.map((r) => {
      const postAt = rawDate(r.post_at);
      return {
        id: Number(r.id),
        unitId: Number(r.unit_id),
        unitName: String(r.unit_name),
        name: String(r.name),
        platform: String(r.platform),
        openedAt: rawDate(r.opened_at)!,
        // Post titles may show personal numbers: the list and its workbook show them masked.
        latestPost: postAt ? { title: maskPersonalNumbers(String(r.post_title)), url: r.post_url === null ? null : String(r.post_url), publishedAt: postAt } : null,
      };
    });
  }
}
