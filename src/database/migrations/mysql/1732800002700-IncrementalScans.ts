import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [content] incremental scans: what each post was last scanned with (its content hash and the
 * ruleset fingerprint), a narrow index over posts' (id, content_hash) so the "what changed" pass
 * never reads bodies, and the progress of a scan run (MySQL dialect).
 */
export class IncrementalScansMysql1732800002700 implements MigrationInterface {
  name = 'IncrementalScans1732800002700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`post_scans\` (
      \`post_id\` int NOT NULL,
      \`content_hash\` varchar(64) NOT NULL,
      \`ruleset\` varchar(16) NOT NULL,
      PRIMARY KEY (\`post_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query('ALTER TABLE `posts` ADD INDEX `idx_posts_id_content_hash` (`id`, `content_hash`)');
    await q.query(
      'ALTER TABLE `finding_scans` ADD COLUMN `full` tinyint(1) NOT NULL DEFAULT 0, ADD COLUMN `posts_total` int NOT NULL DEFAULT 0, ADD COLUMN `skipped` int NOT NULL DEFAULT 0, ADD COLUMN `ruleset` varchar(16) NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `finding_scans` DROP COLUMN `ruleset`, DROP COLUMN `skipped`, DROP COLUMN `posts_total`, DROP COLUMN `full`');
    await q.query('ALTER TABLE `posts` DROP INDEX `idx_posts_id_content_hash`');
    await q.query('DROP TABLE `post_scans`');
  }
}
