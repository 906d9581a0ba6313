import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registry core: users, units, accounts, audit entries (MySQL 8 / MariaDB 10.11 dialect).
 * utf8mb4_bin so comparisons and uniqueness are exact, as on SQLite.
 */
export class InitialSchemaMysql1732800000000 implements MigrationInterface {
  name = 'InitialSchema1732800000000';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';
    await q.query(`CREATE TABLE \`units\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`name\` varchar(100) NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`code\` varchar(32) NULL,
      \`parent_id\` int NULL,
      \`contact_name\` varchar(50) NULL,
      \`contact_phone\` varchar(30) NULL,
      \`status\` varchar(16) NOT NULL DEFAULT 'active',
      \`abolished_at\` datetime(3) NULL,
      \`abolish_reason\` varchar(500) NULL,
      \`successor_unit_id\` int NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_units_name\` (\`name\`),
      KEY \`idx_units_code\` (\`code\`)
    ) ${table}`);
    await q.query(`CREATE TABLE \`users\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`username\` varchar(64) NOT NULL,
      \`password_hash\` varchar(100) NOT NULL,
      \`role\` varchar(16) NOT NULL,
      \`unit_id\` int NULL,
      \`display_name\` varchar(50) NULL,
      \`disabled\` tinyint(1) NOT NULL DEFAULT 0,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_users_username\` (\`username\`),
      CONSTRAINT \`fk_users_unit\` FOREIGN KEY (\`unit_id\`) REFERENCES \`units\` (\`id\`)
    ) ${table}`);
    await q.query(`CREATE TABLE \`accounts\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`unit_id\` int NOT NULL,
      \`platform\` varchar(16) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`platform_account_id\` varchar(128) NULL,
      \`homepage_url\` varchar(1000) NULL,
      \`operator_name\` varchar(50) NULL,
      \`operator_phone\` varchar(30) NULL,
      \`purpose\` varchar(500) NULL,
      \`justification\` varchar(500) NULL,
      \`filing_number\` varchar(64) NULL,
      \`state\` varchar(32) NOT NULL,
      \`applied_at\` datetime(3) NULL,
      \`approved_at\` datetime(3) NULL,
      \`rejected_at\` datetime(3) NULL,
      \`opened_at\` datetime(3) NULL,
      \`deregistration_requested_at\` datetime(3) NULL,
      \`deregistered_at\` datetime(3) NULL,
      \`last_reason\` varchar(1000) NULL,
      \`applied_by_id\` int NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_accounts_unit_platform\` (\`unit_id\`, \`platform\`),
      KEY \`idx_accounts_state\` (\`state\`),
      CONSTRAINT \`fk_accounts_unit\` FOREIGN KEY (\`unit_id\`) REFERENCES \`units\` (\`id\`)
    ) ${table}`);
    await q.query(`CREATE TABLE \`audit_entries\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`subject_type\` varchar(32) NOT NULL,
      \`subject_id\` varchar(64) NOT NULL,
      \`action\` varchar(40) NOT NULL,
      \`from_state\` varchar(32) NULL,
      \`to_state\` varchar(32) NULL,
      \`reason\` varchar(1000) NULL,
      \`changes\` longtext NULL,
      \`actor_id\` int NULL,
      \`actor_username\` varchar(64) NULL,
      \`at\` datetime(3) NOT NULL,
      \`recorded_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_audit_subject\` (\`subject_type\`, \`subject_id\`)
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_entries', 'accounts', 'users', 'units']) await q.query(`DROP TABLE \`${t}\``);
  }
}
