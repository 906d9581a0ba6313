import { MigrationInterface, QueryRunner } from 'typeorm';

/** [tasks]: repost tasks, their per-account results and manual confirmations (SQLite dialect). */
export class RepostTasksSqlite1732800000400 implements MigrationInterface {
  name = 'RepostTasks1732800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "repost_tasks" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "title" varchar(500) NOT NULL,
      "source_url" varchar(2000) NOT NULL,
      "source_name" varchar(200),
      "issued_at" datetime NOT NULL,
      "due_at" datetime NOT NULL,
      "platforms" text,
      "unit_ids" text,
      "created_by_id" integer,
      "computed_at" datetime,
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_repost_tasks_issued" ON "repost_tasks" ("issued_at")`);
    await q.query(`CREATE INDEX "idx_repost_tasks_due" ON "repost_tasks" ("due_at")`);
    await q.query(`CREATE TABLE "repost_task_results" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "task_id" integer NOT NULL,
      "account_id" integer NOT NULL,
      "unit_id" integer NOT NULL,
      "status" varchar(16) NOT NULL,
      "matched_by" varchar(16),
      "post_id" integer,
      "confirmation_id" integer,
      "evidence_url" varchar(2000),
      "posted_at" datetime,
      "computed_at" datetime NOT NULL,
      CONSTRAINT "uq_repost_results_task_account" UNIQUE ("task_id", "account_id")
    )`);
    await q.query(`CREATE INDEX "idx_repost_results_unit" ON "repost_task_results" ("unit_id")`);
    await q.query(`CREATE INDEX "idx_repost_results_account" ON "repost_task_results" ("account_id")`);
    await q.query(`CREATE TABLE "repost_confirmations" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "task_id" integer NOT NULL,
      "account_id" integer NOT NULL,
      "evidence_url" varchar(2000) NOT NULL,
      "posted_at" datetime NOT NULL,
      "note" varchar(1000),
      "confirmed_by_id" integer,
      "confirmed_by_username" varchar(64),
      "confirmed_at" datetime NOT NULL,
      "revoked_at" datetime,
      "revoked_by_id" integer,
      "revoked_by_username" varchar(64),
      "revoke_reason" varchar(1000)
    )`);
    await q.query(`CREATE INDEX "idx_repost_confirmations_task" ON "repost_confirmations" ("task_id", "account_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "repost_confirmations"`);
    await q.query(`DROP TABLE "repost_task_results"`);
    await q.query(`DROP TABLE "repost_tasks"`);
  }
}
