import { MigrationInterface, QueryRunner } from 'typeorm';

/** [scale]: accounts with posts not yet matched against repost tasks, kept in the database so no process's death loses them (SQLite dialect). */
export class RepostMatchPendingSqlite1732800001100 implements MigrationInterface {
  name = 'RepostMatchPending1732800001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "repost_match_pending" (
      "account_id" integer PRIMARY KEY NOT NULL,
      "latest_ms" bigint NOT NULL,
      "version" integer NOT NULL DEFAULT (1)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "repost_match_pending"`);
  }
}
