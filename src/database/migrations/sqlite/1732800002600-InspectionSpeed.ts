import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [inspection] speed: the posts index by (account, time) also carries `is_repost`, so counting a
 * unit's original posts in a quarter (inspection evaluation, reports) reads the index alone instead
 * of one table row per post. It replaces the two-column index, which it serves as well (SQLite dialect).
 */
export class InspectionSpeedSqlite1732800002600 implements MigrationInterface {
  name = 'InspectionSpeed1732800002600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_posts_account_published_repost" ON "posts" ("account_id", "published_at", "is_repost")`);
    await q.query(`DROP INDEX "idx_posts_account_published"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_posts_account_published" ON "posts" ("account_id", "published_at")`);
    await q.query(`DROP INDEX "idx_posts_account_published_repost"`);
  }
}
