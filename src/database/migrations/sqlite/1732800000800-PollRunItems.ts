import { MigrationInterface, QueryRunner } from 'typeorm';

/** [polling]: one row per (poll run, account), so any process polling an account credits every run waiting for it (SQLite dialect). */
export class PollRunItemsSqlite1732800000800 implements MigrationInterface {
  name = 'PollRunItems1732800000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "poll_run_items" (
      "run_id" integer NOT NULL,
      "account_id" integer NOT NULL,
      "status" varchar(16) NOT NULL,
      "new_posts" integer NOT NULL DEFAULT (0),
      PRIMARY KEY ("run_id", "account_id")
    )`);
    await q.query(`CREATE INDEX "idx_poll_run_items_account_status" ON "poll_run_items" ("account_id", "status")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "poll_run_items"`);
  }
}
