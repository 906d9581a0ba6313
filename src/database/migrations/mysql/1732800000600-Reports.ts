import { MigrationInterface, QueryRunner } from 'typeorm';

/** [report]: quarterly targets (发布任务) and published report snapshots (MySQL dialect). */
export class ReportsMysql1732800000600 implements MigrationInterface {
  name = 'Reports1732800000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`targets\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`quarter\` varchar(6) NOT NULL,
      \`unit_id\` int NOT NULL,
      \`posts\` int NOT NULL,
      \`reposts\` int NOT NULL,
      \`updated_by\` varchar(64) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_targets_quarter_unit\` (\`quarter\`, \`unit_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`report_snapshots\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`quarter\` varchar(6) NOT NULL,
      \`figures\` longtext NOT NULL,
      \`published_at\` datetime(3) NOT NULL,
      \`published_by\` varchar(64) NULL,
      \`published_by_id\` int NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_report_snapshots_quarter\` (\`quarter\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`report_snapshots\``);
    await q.query(`DROP TABLE \`targets\``);
  }
}
