import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [polish]: office-wide settings (the bulletin letterhead, the re-certification cycle's start) and
 * who requested an account's deregistration (maker-checker) (MySQL dialect).
 */
export class PolishMysql1732800001700 implements MigrationInterface {
  name = 'Polish1732800001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`settings\` (
      \`key\` varchar(64) NOT NULL,
      \`value\` longtext NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      \`updated_by\` varchar(64) NULL,
      PRIMARY KEY (\`key\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`ALTER TABLE \`accounts\` ADD COLUMN \`deregistration_requested_by_id\` int NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`accounts\` DROP COLUMN \`deregistration_requested_by_id\``);
    await q.query(`DROP TABLE \`settings\``);
  }
}
