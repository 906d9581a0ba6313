import { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerts: one open alert per subject (SQLite dialect). */
export class AlertsSqlite1732800000100 implements MigrationInterface {
  name = 'Alerts1732800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "alerts" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "kind" varchar(32) NOT NULL,
      "status" varchar(16) NOT NULL,
      "subject_type" varchar(32) NOT NULL,
      "subject_id" varchar(64) NOT NULL,
      "unit_id" integer,
      "message" varchar(1000) NOT NULL,
      "open_key" varchar(140),
      "details" text,
      "opened_at" datetime NOT NULL,
      "resolved_at" datetime,
      "last_notified_at" datetime,
      CONSTRAINT "uq_alerts_open_key" UNIQUE ("open_key")
    )`);
    await q.query(`CREATE INDEX "idx_alerts_status_kind" ON "alerts" ("status", "kind")`);
    await q.query(`CREATE INDEX "idx_alerts_unit" ON "alerts" ("unit_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "alerts"`);
  }
}
