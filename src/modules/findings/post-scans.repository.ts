import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

const UPSERT_CHUNK = 1000;

/** The `post_scans` table: per post, the content hash and ruleset fingerprint it was last scanned with. */
@Injectable()
export class PostScansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records (or replaces) what these posts were scanned with. */
  async record(posts: { postId: number; contentHash: string }[], ruleset: string): Promise<void> {
    const mysql = this.dataSource.options.type === 'mysql' || this.dataSource.options.type === 'mariadb';
    const conflict = mysql
      ? 'ON DUPLICATE KEY UPDATE content_hash = VALUES(content_hash), ruleset = VALUES(ruleset)'
      : 'ON CONFLICT (post_id) DO UPDATE SET content_hash = excluded.content_hash, ruleset = excluded.ruleset';
    for (let i = 0; i < posts.length; i += UPSERT_CHUNK) {
      const chunk = posts.slice(i, i + UPSERT_CHUNK);
      await this.dataSource.query(
        `INSERT INTO post_scans (post_id, content_hash, ruleset) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')} ${conflict}`,
        chunk.flatMap((p) => [p.postId, p.contentHash, ruleset]),
      );
    }
  }

  /** Forgets the records of posts that no longer exist (after a full scan). */
  async forgetGone(): Promise<void> {
    await this.dataSource.query('DELETE FROM post_scans WHERE post_id NOT IN (SELECT id FROM posts)');
  }
}
