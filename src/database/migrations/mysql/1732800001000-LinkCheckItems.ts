import { MigrationInterface, QueryRunner } from 'typeorm';

/** [scale]: one row per (link-check run, column) with its batch, so batch jobs on any worker credit each column once (MySQL dialect). */
export class LinkCheckItemsMysql1732800001000 implements MigrationInterface {
  name = 'LinkCheckItems1732800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`link_check_items\` (
      \`run_id\` int NOT NULL,
      \`column_id\` int NOT NULL,
      \`batch\` int NOT NULL,
      \`status\` varchar(16) NOT NULL,
      PRIMARY KEY (\`run_id\`, \`column_id\`),
      KEY \`idx_link_check_items_batch\` (\`run_id\`, \`batch\`, \`status\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`link_check_items\``);
  }
}
