import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [platforms]: custom platforms, and account discovery (batches and their rows) (MySQL
 * dialect). `accounts.platform` is widened to the 32 characters a platform code may have.
 */
export class PlatformsDiscoveryMysql1732800002200 implements MigrationInterface {
  name = 'PlatformsDiscovery1732800002200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`accounts\` MODIFY \`platform\` varchar(32) NOT NULL`);
    await q.query(`CREATE TABLE \`custom_platforms\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`code\` varchar(32) NOT NULL,
      \`name\` varchar(50) NOT NULL,
      \`url_patterns\` text NOT NULL,
      \`created_by_id\` int NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_custom_platforms_code\` (\`code\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`discovery_batches\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`file_name\` varchar(200) NOT NULL,
      \`row_count\` int NOT NULL,
      \`created_by_id\` int NULL,
      \`created_by\` varchar(64) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`discovery_rows\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`batch_id\` int NOT NULL,
      \`row_number\` int NOT NULL,
      \`platform\` varchar(32) NOT NULL,
      \`name\` varchar(200) NOT NULL,
      \`platform_account_id\` varchar(128) NULL,
      \`homepage_url\` varchar(1000) NULL,
      \`url_key\` varchar(400) NULL,
      \`certified_subject\` varchar(200) NULL,
      \`last_posted_at\` datetime(3) NULL,
      \`status\` varchar(32) NOT NULL,
      \`reason\` varchar(1000) NOT NULL,
      \`matched_account_id\` int NULL,
      \`matched_unit_id\` int NULL,
      \`triage\` varchar(16) NULL,
      \`triage_note\` varchar(1000) NULL,
      \`triage_unit_id\` int NULL,
      \`claimed_account_id\` int NULL,
      \`triaged_at\` datetime(3) NULL,
      \`triaged_by_id\` int NULL,
      \`triaged_by\` varchar(64) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_discovery_rows_batch\` (\`batch_id\`),
      KEY \`idx_discovery_rows_url_key\` (\`url_key\`(191)),
      CONSTRAINT \`fk_discovery_rows_batch\` FOREIGN KEY (\`batch_id\`) REFERENCES \`discovery_batches\` (\`id\`) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`discovery_rows\``);
    await q.query(`DROP TABLE \`discovery_batches\``);
    await q.query(`DROP TABLE \`custom_platforms\``);
    await q.query(`ALTER TABLE \`accounts\` MODIFY \`platform\` varchar(16) NOT NULL`);
  }
}
