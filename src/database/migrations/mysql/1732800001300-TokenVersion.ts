import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [security]: a per-user token version, carried in every token and raised when the password
 * changes, so a password change or an admin's reset ends every earlier session (MySQL dialect).
 */
export class TokenVersionMysql1732800001300 implements MigrationInterface {
  name = 'TokenVersion1732800001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`users\` ADD COLUMN \`token_version\` int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`users\` DROP COLUMN \`token_version\``);
  }
}
