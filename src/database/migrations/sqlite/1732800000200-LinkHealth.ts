import { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns (栏目), link checks and their runs, alert channels and deliveries (SQLite dialect). */
export class LinkHealthSqlite1732800000200 implements MigrationInterface {
  name = 'LinkHealth1732800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "columns" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "account_id" integer NOT NULL,
      "name" varchar(100) NOT NULL,
      "url" varchar(2000) NOT NULL,
      "health" varchar(16) NOT NULL,
      "last_checked_at" datetime,
      "last_http_status" integer,
      "last_reason" varchar(40),
      "last_final_url" varchar(2000),
      "broken_since" datetime,
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL,
      CONSTRAINT "fk_columns_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id")
    )`);
    await q.query(`CREATE INDEX "idx_columns_account" ON "columns" ("account_id")`);
    await q.query(`CREATE INDEX "idx_columns_health" ON "columns" ("health")`);
    await q.query(`CREATE TABLE "link_check_runs" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "status" varchar(16) NOT NULL,
      "trigger" varchar(16) NOT NULL,
      "unit_id" integer,
      "column_ids" text,
      "requested_by" integer,
      "total" integer NOT NULL,
      "done" integer NOT NULL,
      "ok" integer NOT NULL,
      "broken" integer NOT NULL,
      "unverifiable" integer NOT NULL,
      "error" varchar(1000),
      "created_at" datetime NOT NULL,
      "started_at" datetime,
      "finished_at" datetime
    )`);
    await q.query(`CREATE INDEX "idx_link_check_runs_status" ON "link_check_runs" ("status")`);
    await q.query(`CREATE TABLE "link_checks" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "column_id" integer NOT NULL,
      "run_id" integer,
      "health" varchar(16) NOT NULL,
      "reason" varchar(40) NOT NULL,
      "http_status" integer,
      "final_url" varchar(2000),
      "redirects" integer NOT NULL,
      "requests" integer NOT NULL,
      "duration_ms" integer NOT NULL,
      "confirmation" boolean NOT NULL,
      "detail" varchar(500),
      "checked_at" datetime NOT NULL,
      CONSTRAINT "fk_link_checks_column" FOREIGN KEY ("column_id") REFERENCES "columns" ("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX "idx_link_checks_column" ON "link_checks" ("column_id", "id")`);
    await q.query(`CREATE INDEX "idx_link_checks_run" ON "link_checks" ("run_id")`);
    await q.query(`CREATE TABLE "alert_channels" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "name" varchar(100) NOT NULL,
      "kind" varchar(16) NOT NULL,
      "target" varchar(2000) NOT NULL,
      "secret" varchar(2000),
      "kinds" text,
      "enabled" boolean NOT NULL,
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL
    )`);
    await q.query(`CREATE TABLE "alert_deliveries" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "channel_id" integer NOT NULL,
      "alert_id" integer,
      "event" varchar(32) NOT NULL,
      "status" varchar(16) NOT NULL,
      "attempts" integer NOT NULL,
      "last_error" varchar(1000),
      "created_at" datetime NOT NULL,
      "sent_at" datetime,
      CONSTRAINT "fk_alert_deliveries_channel" FOREIGN KEY ("channel_id") REFERENCES "alert_channels" ("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX "idx_alert_deliveries_channel" ON "alert_deliveries" ("channel_id", "id")`);
    await q.query(`CREATE INDEX "idx_alert_deliveries_alert" ON "alert_deliveries" ("alert_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['alert_deliveries', 'alert_channels', 'link_checks', 'link_check_runs', 'columns']) await q.query(`DROP TABLE "${t}"`);
  }
}
