import { MigrationInterface, QueryRunner } from 'typeorm';

/** [scale]: accounts with posts not yet matched against repost tasks, kept in the database so no process's death loses them (MySQL dialect). */
export class RepostMatchPendingMysql1732800001100 implements MigrationInterface {
  name = 'RepostMatchPending1732800001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`repost_match_pending\` (
      \`account_id\` int NOT NULL,
      \`latest_ms\` bigint NOT NULL,
      \`version\` int NOT NULL DEFAULT 1,
      PRIMARY KEY (\`account_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`repost_match_pending\``);
  }
}
