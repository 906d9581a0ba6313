import { MigrationInterface, QueryRunner } from 'typeorm';

/** [polling]: one row per (poll run, account), so any process polling an account credits every run waiting for it (MySQL dialect). */
export class PollRunItemsMysql1732800000800 implements MigrationInterface {
  name = 'PollRunItems1732800000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`poll_run_items\` (
      \`run_id\` int NOT NULL,
      \`account_id\` int NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`new_posts\` int NOT NULL DEFAULT 0,
      PRIMARY KEY (\`run_id\`, \`account_id\`),
      KEY \`idx_poll_run_items_account_status\` (\`account_id\`, \`status\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`poll_run_items\``);
  }
}
