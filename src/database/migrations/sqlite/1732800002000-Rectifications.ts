import { MigrationInterface, QueryRunner } from 'typeorm';

/** [rectify]: rectification work orders (整改通知) and their history (SQLite dialect). */
export class RectificationsSqlite1732800002000 implements MigrationInterface {
  name = 'Rectifications1732800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rectifications" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "unit_id" integer NOT NULL,
      "account_id" integer,
      "title" varchar(200) NOT NULL,
      "problem" varchar(2000) NOT NULL,
      "source" varchar(16) NOT NULL,
      "source_ref" varchar(200),
      "source_key" varchar(120),
      "status" varchar(16) NOT NULL,
      "issued_at" datetime NOT NULL,
      "due_at" datetime NOT NULL,
      "found_at" datetime,
      "issued_by_id" integer,
      "responded_at" datetime,
      "responded_by_id" integer,
      "response_text" varchar(2000),
      "evidence_urls" text,
      "verified_at" datetime,
      "verified_by_id" integer,
      "verify_note" varchar(1000),
      "closed_at" datetime,
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL,
      CONSTRAINT "uq_rectifications_source_key" UNIQUE ("source_key")
    )`);
    await q.query(`CREATE INDEX "idx_rectifications_unit_status" ON "rectifications" ("unit_id", "status")`);
    await q.query(`CREATE INDEX "idx_rectifications_status_due" ON "rectifications" ("status", "due_at")`);
    await q.query(`CREATE INDEX "idx_rectifications_issued" ON "rectifications" ("issued_at")`);
    await q.query(`CREATE TABLE "rectification_events" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "rectification_id" integer NOT NULL,
      "at" datetime NOT NULL,
      "actor_id" integer,
      "actor" varchar(64),
      "action" varchar(16) NOT NULL,
      "from_status" varchar(16),
      "to_status" varchar(16) NOT NULL,
      "note" varchar(2000),
      "evidence_urls" text
    )`);
    await q.query(`CREATE INDEX "idx_rectification_events_order" ON "rectification_events" ("rectification_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rectification_events"`);
    await q.query(`DROP TABLE "rectifications"`);
  }
}
