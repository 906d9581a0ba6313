import { MigrationInterface, QueryRunner } from 'typeorm';

/** [inspection]: indicator set, rounds, evaluation runs, round accounts, item results, manual items (SQLite dialect). */
export class InspectionsSqlite1732800002100 implements MigrationInterface {
  name = 'Inspections1732800002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "inspection_indicators" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "code" varchar(40) NOT NULL,
      "name" varchar(100) NOT NULL,
      "type" varchar(16) NOT NULL,
      "basis" varchar(16) NOT NULL,
      "points" double NOT NULL,
      "cap" double NOT NULL,
      "description" varchar(500) NOT NULL,
      "position" integer NOT NULL,
      "created_at" datetime(3) NOT NULL,
      "updated_at" datetime(3) NOT NULL,
      CONSTRAINT "uq_inspection_indicators_code" UNIQUE ("code")
    )`);
    await q.query(`CREATE TABLE "inspection_rounds" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "quarter" varchar(6) NOT NULL,
      "inspection_date" datetime(3) NOT NULL,
      "status" varchar(16) NOT NULL,
      "sample_rate" double NOT NULL,
      "seed" integer NOT NULL,
      "unit_ids" text,
      "platforms" text,
      "indicators" text NOT NULL,
      "recheck_of_id" integer,
      "evaluated_at" datetime(3),
      "finalized_at" datetime(3),
      "created_by" varchar(64),
      "created_at" datetime(3) NOT NULL,
      "updated_at" datetime(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_inspection_rounds_quarter" ON "inspection_rounds" ("quarter", "status")`);
    await q.query(`CREATE TABLE "inspection_evaluations" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "round_id" integer NOT NULL,
      "status" varchar(16) NOT NULL,
      "done" integer NOT NULL DEFAULT (0),
      "total" integer NOT NULL DEFAULT (0),
      "error" varchar(1000),
      "requested_by_id" integer,
      "created_at" datetime(3) NOT NULL,
      "started_at" datetime(3),
      "finished_at" datetime(3)
    )`);
    await q.query(`CREATE INDEX "idx_inspection_evaluations_round" ON "inspection_evaluations" ("round_id")`);
    await q.query(`CREATE TABLE "inspection_accounts" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "round_id" integer NOT NULL,
      "account_id" integer NOT NULL,
      "name" varchar(100) NOT NULL,
      "platform" varchar(16) NOT NULL,
      "unit_id" integer NOT NULL,
      "unit_name" varchar(200) NOT NULL,
      "recheck" boolean NOT NULL DEFAULT (0),
      "score" double,
      "verdict" varchar(8),
      CONSTRAINT "uq_inspection_accounts_round_account" UNIQUE ("round_id", "account_id")
    )`);
    await q.query(`CREATE INDEX "idx_inspection_accounts_round_unit" ON "inspection_accounts" ("round_id", "unit_id")`);
    await q.query(`CREATE TABLE "inspection_item_results" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "round_id" integer NOT NULL,
      "account_id" integer NOT NULL,
      "code" varchar(40) NOT NULL,
      "count" integer NOT NULL,
      "evidence" text NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_inspection_item_results_round" ON "inspection_item_results" ("round_id", "account_id")`);
    await q.query(`CREATE TABLE "inspection_manual_items" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "round_id" integer NOT NULL,
      "account_id" integer NOT NULL,
      "code" varchar(40) NOT NULL,
      "hit" boolean NOT NULL,
      "count" integer,
      "note" varchar(1000),
      "evidence_url" varchar(2000),
      "entered_by" varchar(64),
      "entered_at" datetime(3) NOT NULL,
      CONSTRAINT "uq_inspection_manual_items" UNIQUE ("round_id", "account_id", "code")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['inspection_manual_items', 'inspection_item_results', 'inspection_accounts', 'inspection_evaluations', 'inspection_rounds', 'inspection_indicators']) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
