import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [recertify]: the re-certification fields of accounts (认证主体, last confirmation, the user
 * behind the named operator), the confirmations, the operator contact history and the
 * handover flags (MySQL dialect).
 */
export class RecertificationMysql1732800000700 implements MigrationInterface {
  name = 'Recertification1732800000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`accounts\`
      ADD COLUMN \`certified_subject\` varchar(200) NULL,
      ADD COLUMN \`certified_at\` datetime(3) NULL,
      ADD COLUMN \`certified_by_id\` int NULL,
      ADD COLUMN \`operator_user_id\` int NULL,
      ADD KEY \`idx_accounts_operator_user\` (\`operator_user_id\`)`);
    await q.query(`CREATE TABLE \`account_certifications\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`account_id\` int NOT NULL,
      \`unit_id\` int NOT NULL,
      \`certified_at\` datetime(3) NOT NULL,
      \`certified_by_id\` int NULL,
      \`certified_by\` varchar(64) NULL,
      \`due_at\` datetime(3) NULL,
      \`changes\` longtext NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_account_certifications_account\` (\`account_id\`, \`certified_at\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`account_contacts\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`account_id\` int NOT NULL,
      \`operator_name\` varchar(50) NULL,
      \`operator_phone\` varchar(30) NULL,
      \`operator_user_id\` int NULL,
      \`valid_from\` datetime(3) NOT NULL,
      \`valid_to\` datetime(3) NULL,
      \`source\` varchar(16) NOT NULL,
      \`recorded_at\` datetime(3) NOT NULL,
      \`recorded_by_id\` int NULL,
      \`recorded_by\` varchar(64) NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_account_contacts_account\` (\`account_id\`, \`valid_from\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`handover_flags\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`account_id\` int NOT NULL,
      \`unit_id\` int NOT NULL,
      \`user_id\` int NOT NULL,
      \`user_name\` varchar(64) NOT NULL,
      \`reason\` varchar(32) NOT NULL,
      \`detail\` varchar(500) NULL,
      \`flagged_at\` datetime(3) NOT NULL,
      \`cleared_at\` datetime(3) NULL,
      \`cleared_by_id\` int NULL,
      \`cleared_by\` varchar(64) NULL,
      \`open_key\` varchar(64) NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_handover_flags_open_key\` (\`open_key\`),
      KEY \`idx_handover_flags_account\` (\`account_id\`, \`cleared_at\`),
      KEY \`idx_handover_flags_unit\` (\`unit_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`handover_flags\``);
    await q.query(`DROP TABLE \`account_contacts\``);
    await q.query(`DROP TABLE \`account_certifications\``);
    await q.query(`ALTER TABLE \`accounts\` DROP KEY \`idx_accounts_operator_user\`, DROP COLUMN \`operator_user_id\`, DROP COLUMN \`certified_by_id\`, DROP COLUMN \`certified_at\`, DROP COLUMN \`certified_subject\``);
  }
}
