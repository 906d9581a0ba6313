import { MigrationInterface, QueryRunner } from 'typeorm';

/** [tasks]: repost tasks, their per-account results and manual confirmations (MySQL dialect). */
export class RepostTasksMysql1732800000400 implements MigrationInterface {
  name = 'RepostTasks1732800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`repost_tasks\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`title\` varchar(500) NOT NULL,
      \`source_url\` varchar(2000) NOT NULL,
      \`source_name\` varchar(200) NULL,
      \`issued_at\` datetime(3) NOT NULL,
      \`due_at\` datetime(3) NOT NULL,
      \`platforms\` text NULL,
      \`unit_ids\` text NULL,
      \`created_by_id\` int NULL,
      \`computed_at\` datetime(3) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_repost_tasks_issued\` (\`issued_at\`),
      KEY \`idx_repost_tasks_due\` (\`due_at\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`repost_task_results\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`task_id\` int NOT NULL,
      \`account_id\` int NOT NULL,
      \`unit_id\` int NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`matched_by\` varchar(16) NULL,
      \`post_id\` int NULL,
      \`confirmation_id\` int NULL,
      \`evidence_url\` varchar(2000) NULL,
      \`posted_at\` datetime(3) NULL,
      \`computed_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_repost_results_task_account\` (\`task_id\`, \`account_id\`),
      KEY \`idx_repost_results_unit\` (\`unit_id\`),
      KEY \`idx_repost_results_account\` (\`account_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`repost_confirmations\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`task_id\` int NOT NULL,
      \`account_id\` int NOT NULL,
      \`evidence_url\` varchar(2000) NOT NULL,
      \`posted_at\` datetime(3) NOT NULL,
      \`note\` varchar(1000) NULL,
      \`confirmed_by_id\` int NULL,
      \`confirmed_by_username\` varchar(64) NULL,
      \`confirmed_at\` datetime(3) NOT NULL,
      \`revoked_at\` datetime(3) NULL,
      \`revoked_by_id\` int NULL,
      \`revoked_by_username\` varchar(64) NULL,
      \`revoke_reason\` varchar(1000) NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_repost_confirmations_task\` (\`task_id\`, \`account_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`repost_confirmations\``);
    await q.query(`DROP TABLE \`repost_task_results\``);
    await q.query(`DROP TABLE \`repost_tasks\``);
  }
}
