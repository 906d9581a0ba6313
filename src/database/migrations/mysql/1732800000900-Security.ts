import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [security]: the client address (IP) on audit entries, and alert channel targets (webhook
 * URLs carry their keys) encrypted at rest beside a redacted copy for display (MySQL dialect).
 */
export class SecurityMysql1732800000900 implements MigrationInterface {
  name = 'Security1732800000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`audit_entries\` ADD COLUMN \`client_ip\` varchar(45) NULL`);
    await q.query(`ALTER TABLE \`alert_channels\` ADD COLUMN \`target_enc\` text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`alert_channels\` DROP COLUMN \`target_enc\``);
    await q.query(`ALTER TABLE \`audit_entries\` DROP COLUMN \`client_ip\``);
  }
}
