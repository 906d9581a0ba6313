import { MigrationInterface, QueryRunner } from 'typeorm';
import { defaultErrorWords, sqlTimestamp } from '../../../modules/error-words/default-words';

/**
 * [content]: post bodies (正文, capped, with a cut flag and a content hash), the severity of
 * 错敏词 entries with the serious forms bulletins cite, and leaders' terms (MySQL dialect).
 * `mediumtext`: 20,000 characters of utf8mb4 may exceed TEXT's 64 KB.
 */
export class ContentChecksMysql1732800002300 implements MigrationInterface {
  name = 'ContentChecks1732800002300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE `posts` ADD COLUMN `body` mediumtext NULL, ADD COLUMN `body_truncated` tinyint(1) NOT NULL DEFAULT 0, ADD COLUMN `content_hash` varchar(64) NULL',
    );
    await q.query("ALTER TABLE `error_words` ADD COLUMN `severity` varchar(16) NOT NULL DEFAULT 'general'");
    await q.query(`CREATE TABLE \`leaders\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`name\` varchar(32) NOT NULL,
      \`title\` varchar(64) NOT NULL,
      \`valid_from\` varchar(10) NULL,
      \`valid_to\` varchar(10) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_leaders_name\` (\`name\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    const now = sqlTimestamp();
    for (const w of defaultErrorWords().filter((d) => d.severity === 'serious')) {
      await q.query(
        'INSERT IGNORE INTO `error_words` (`wrong`, `wrong_norm`, `correct`, `category`, `severity`, `note`, `created_at`, `updated_at`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [w.wrong, w.wrongNorm, w.correct, w.category, w.severity, w.note, now, now],
      );
      await q.query("UPDATE `error_words` SET `severity` = 'serious' WHERE `wrong_norm` = ?", [w.wrongNorm]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `leaders`');
    await q.query('ALTER TABLE `error_words` DROP COLUMN `severity`');
    await q.query('ALTER TABLE `posts` DROP COLUMN `content_hash`, DROP COLUMN `body_truncated`, DROP COLUMN `body`');
  }
}
