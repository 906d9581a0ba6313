import { MigrationInterface, QueryRunner } from 'typeorm';

/** [scale]: report files made in the background by the `report-export` job (MySQL dialect). */
export class ReportExportsMysql1732800001200 implements MigrationInterface {
  name = 'ReportExports1732800001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`report_exports\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`report\` varchar(32) NOT NULL,
      \`quarter\` varchar(6) NOT NULL,
      \`format\` varchar(8) NOT NULL,
      \`live\` tinyint(1) NOT NULL DEFAULT 0,
      \`status\` varchar(16) NOT NULL,
      \`error\` varchar(1000) NULL,
      \`requested_by_id\` int NOT NULL,
      \`requested_by\` varchar(64) NOT NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`started_at\` datetime(3) NULL,
      \`finished_at\` datetime(3) NULL,
      \`file_name\` varchar(200) NULL,
      \`content_type\` varchar(100) NULL,
      \`size\` int NULL,
      \`content\` longblob NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_report_exports_created\` (\`created_at\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`report_exports\``);
  }
}
