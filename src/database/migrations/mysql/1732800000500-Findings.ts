import { MigrationInterface, QueryRunner } from 'typeorm';
import { defaultErrorWords, sqlTimestamp } from '../../../modules/error-words/default-words';

/** [findings]: findings, scan runs, the 错敏词 library and its allow-list, with the default words (MySQL dialect). */
export class FindingsMysql1732800000500 implements MigrationInterface {
  name = 'Findings1732800000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`findings\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`kind\` varchar(40) NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`subject_type\` varchar(32) NOT NULL,
      \`subject_id\` varchar(64) NOT NULL,
      \`account_id\` int NULL,
      \`unit_id\` int NULL,
      \`message\` varchar(1000) NOT NULL,
      \`evidence\` longtext NOT NULL,
      \`evidence_key\` varchar(64) NOT NULL,
      \`open_key\` varchar(140) NULL,
      \`detected_at\` datetime(3) NOT NULL,
      \`last_seen_at\` datetime(3) NOT NULL,
      \`resolved_at\` datetime(3) NULL,
      \`accepted_at\` datetime(3) NULL,
      \`accepted_by_id\` int NULL,
      \`accepted_by\` varchar(64) NULL,
      \`accept_reason\` varchar(1000) NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_findings_open_key\` (\`open_key\`),
      KEY \`idx_findings_subject\` (\`kind\`, \`subject_type\`, \`subject_id\`),
      KEY \`idx_findings_status_kind\` (\`status\`, \`kind\`),
      KEY \`idx_findings_unit\` (\`unit_id\`),
      KEY \`idx_findings_account\` (\`account_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`finding_scans\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`status\` varchar(16) NOT NULL,
      \`trigger\` varchar(16) NOT NULL,
      \`requested_by_id\` int NULL,
      \`accounts\` int NOT NULL DEFAULT 0,
      \`posts\` int NOT NULL DEFAULT 0,
      \`opened\` int NOT NULL DEFAULT 0,
      \`updated\` int NOT NULL DEFAULT 0,
      \`resolved\` int NOT NULL DEFAULT 0,
      \`error\` varchar(1000) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`started_at\` datetime(3) NULL,
      \`finished_at\` datetime(3) NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`error_words\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`wrong\` varchar(100) NOT NULL,
      \`wrong_norm\` varchar(100) NOT NULL,
      \`correct\` varchar(200) NOT NULL,
      \`category\` varchar(32) NOT NULL,
      \`note\` varchar(500) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_error_words_wrong_norm\` (\`wrong_norm\`),
      KEY \`idx_error_words_category\` (\`category\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`error_word_allows\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`error_word_id\` int NOT NULL,
      \`phrase\` varchar(200) NOT NULL,
      \`phrase_norm\` varchar(200) NOT NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_error_word_allows_phrase\` (\`error_word_id\`, \`phrase_norm\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    const now = sqlTimestamp();
    for (const w of defaultErrorWords()) {
      await q.query('INSERT IGNORE INTO `error_words` (`wrong`, `wrong_norm`, `correct`, `category`, `note`, `created_at`, `updated_at`) VALUES (?, ?, ?, ?, ?, ?, ?)', [w.wrong, w.wrongNorm, w.correct, w.category, w.note, now, now]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `error_word_allows`');
    await q.query('DROP TABLE `error_words`');
    await q.query('DROP TABLE `finding_scans`');
    await q.query('DROP TABLE `findings`');
  }
}
