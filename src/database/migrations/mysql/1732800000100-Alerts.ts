import { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerts: one open alert per subject (MySQL dialect). */
export class AlertsMysql1732800000100 implements MigrationInterface {
  name = 'Alerts1732800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`alerts\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`kind\` varchar(32) NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`subject_type\` varchar(32) NOT NULL,
      \`subject_id\` varchar(64) NOT NULL,
      \`unit_id\` int NULL,
      \`message\` varchar(1000) NOT NULL,
      \`open_key\` varchar(140) NULL,
      \`details\` longtext NULL,
      \`opened_at\` datetime(3) NOT NULL,
      \`resolved_at\` datetime(3) NULL,
      \`last_notified_at\` datetime(3) NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_alerts_open_key\` (\`open_key\`),
      KEY \`idx_alerts_status_kind\` (\`status\`, \`kind\`),
      KEY \`idx_alerts_unit\` (\`unit_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`alerts\``);
  }
}
