import { MigrationInterface, QueryRunner } from 'typeorm';

/** [scale]: one row per (link-check run, column) with its batch, so batch jobs on any worker credit each column once (SQLite dialect). */
export class LinkCheckItemsSqlite1732800001000 implements MigrationInterface {
  name = 'LinkCheckItems1732800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "link_check_items" (
      "run_id" integer NOT NULL,
      "column_id" integer NOT NULL,
      "batch" integer NOT NULL,
      "status" varchar(16) NOT NULL,
      PRIMARY KEY ("run_id", "column_id")
    )`);
    await q.query(`CREATE INDEX "idx_link_check_items_batch" ON "link_check_items" ("run_id", "batch", "status")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "link_check_items"`);
  }
}
