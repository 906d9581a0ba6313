import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [platforms]: custom platforms, and account discovery (batches and their rows) (SQLite
 * dialect). SQLite does not enforce varchar lengths, so `accounts.platform` needs no change.
 */
export class PlatformsDiscoverySqlite1732800002200 implements MigrationInterface {
  name = 'PlatformsDiscovery1732800002200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "custom_platforms" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "code" varchar(32) NOT NULL,
      "name" varchar(50) NOT NULL,
      "url_patterns" text NOT NULL,
      "created_by_id" integer,
      "created_at" datetime(3) NOT NULL,
      "updated_at" datetime(3) NOT NULL,
      CONSTRAINT "uq_custom_platforms_code" UNIQUE ("code")
    )`);
    await q.query(`CREATE TABLE "discovery_batches" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "file_name" varchar(200) NOT NULL,
      "row_count" integer NOT NULL,
      "created_by_id" integer,
      "created_by" varchar(64),
      "created_at" datetime(3) NOT NULL,
      "updated_at" datetime(3) NOT NULL
    )`);
    await q.query(`CREATE TABLE "discovery_rows" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "batch_id" integer NOT NULL,
      "row_number" integer NOT NULL,
      "platform" varchar(32) NOT NULL,
      "name" varchar(200) NOT NULL,
      "platform_account_id" varchar(128),
      "homepage_url" varchar(1000),
      "url_key" varchar(400),
      "certified_subject" varchar(200),
      "last_posted_at" datetime(3),
      "status" varchar(32) NOT NULL,
      "reason" varchar(1000) NOT NULL,
      "matched_account_id" integer,
      "matched_unit_id" integer,
      "triage" varchar(16),
      "triage_note" varchar(1000),
      "triage_unit_id" integer,
      "claimed_account_id" integer,
      "triaged_at" datetime(3),
      "triaged_by_id" integer,
      "triaged_by" varchar(64),
      "created_at" datetime(3) NOT NULL,
      "updated_at" datetime(3) NOT NULL,
      CONSTRAINT "fk_discovery_rows_batch" FOREIGN KEY ("batch_id") REFERENCES "discovery_batches" ("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX "idx_discovery_rows_batch" ON "discovery_rows" ("batch_id")`);
    await q.query(`CREATE INDEX "idx_discovery_rows_url_key" ON "discovery_rows" ("url_key")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "discovery_rows"`);
    await q.query(`DROP TABLE "discovery_batches"`);
    await q.query(`DROP TABLE "custom_platforms"`);
  }
}
