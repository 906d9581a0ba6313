import { MigrationInterface, QueryRunner } from 'typeorm';

/** [polling]: account sources, posts, poll runs (MySQL dialect). */
export class PollingMysql1732800000300 implements MigrationInterface {
  name = 'Polling1732800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`account_sources\` (
      \`account_id\` int NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`url\` varchar(2000) NULL,
      \`base_url\` varchar(2000) NULL,
      \`app_id\` varchar(128) NULL,
      \`app_secret_enc\` text NULL,
      \`uid\` varchar(64) NULL,
      \`access_token_enc\` text NULL,
      \`cursor\` text NULL,
      \`consecutive_failures\` int NOT NULL DEFAULT 0,
      \`last_polled_at\` datetime(3) NULL,
      \`last_success_at\` datetime(3) NULL,
      \`last_error\` varchar(1000) NULL,
      \`last_error_kind\` varchar(16) NULL,
      \`next_poll_at\` datetime(3) NULL,
      \`paused_until\` datetime(3) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`account_id\`),
      KEY \`idx_account_sources_next_poll\` (\`next_poll_at\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`posts\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`account_id\` int NOT NULL,
      \`platform_post_id\` varchar(191) NOT NULL,
      \`title\` varchar(500) NOT NULL,
      \`url\` varchar(2000) NULL,
      \`published_at\` datetime(3) NOT NULL,
      \`is_repost\` tinyint(1) NOT NULL DEFAULT 0,
      \`source_url\` varchar(2000) NULL,
      \`source_name\` varchar(200) NULL,
      \`origin\` varchar(16) NOT NULL,
      \`created_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_posts_account_platform_post\` (\`account_id\`, \`platform_post_id\`),
      KEY \`idx_posts_account_published\` (\`account_id\`, \`published_at\`),
      KEY \`idx_posts_published\` (\`published_at\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`poll_runs\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`status\` varchar(16) NOT NULL,
      \`trigger\` varchar(16) NOT NULL,
      \`total\` int NOT NULL DEFAULT 0,
      \`succeeded\` int NOT NULL DEFAULT 0,
      \`failed\` int NOT NULL DEFAULT 0,
      \`new_posts\` int NOT NULL DEFAULT 0,
      \`requested_by_id\` int NULL,
      \`started_at\` datetime(3) NOT NULL,
      \`finished_at\` datetime(3) NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`poll_runs\``);
    await q.query(`DROP TABLE \`posts\``);
    await q.query(`DROP TABLE \`account_sources\``);
  }
}
