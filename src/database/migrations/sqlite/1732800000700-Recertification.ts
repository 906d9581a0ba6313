import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [recertify]: the re-certification fields of accounts (认证主体, last confirmation, the user
 * behind the named operator), the confirmations, the operator contact history and the
 * handover flags (SQLite dialect).
 */
export class RecertificationSqlite1732800000700 implements MigrationInterface {
  name = 'Recertification1732800000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "accounts" ADD COLUMN "certified_subject" varchar(200)`);
    await q.query(`ALTER TABLE "accounts" ADD COLUMN "certified_at" datetime`);
    await q.query(`ALTER TABLE "accounts" ADD COLUMN "certified_by_id" integer`);
    await q.query(`ALTER TABLE "accounts" ADD COLUMN "operator_user_id" integer`);
    await q.query(`CREATE INDEX "idx_accounts_operator_user" ON "accounts" ("operator_user_id")`);
    await q.query(`CREATE TABLE "account_certifications" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "account_id" integer NOT NULL,
      "unit_id" integer NOT NULL,
      "certified_at" datetime NOT NULL,
      "certified_by_id" integer,
      "certified_by" varchar(64),
      "due_at" datetime,
      "changes" text
    )`);
    await q.query(`CREATE INDEX "idx_account_certifications_account" ON "account_certifications" ("account_id", "certified_at")`);
    await q.query(`CREATE TABLE "account_contacts" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "account_id" integer NOT NULL,
      "operator_name" varchar(50),
      "operator_phone" varchar(30),
      "operator_user_id" integer,
      "valid_from" datetime NOT NULL,
      "valid_to" datetime,
      "source" varchar(16) NOT NULL,
      "recorded_at" datetime NOT NULL,
      "recorded_by_id" integer,
      "recorded_by" varchar(64)
    )`);
    await q.query(`CREATE INDEX "idx_account_contacts_account" ON "account_contacts" ("account_id", "valid_from")`);
    await q.query(`CREATE TABLE "handover_flags" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "account_id" integer NOT NULL,
      "unit_id" integer NOT NULL,
      "user_id" integer NOT NULL,
      "user_name" varchar(64) NOT NULL,
      "reason" varchar(32) NOT NULL,
      "detail" varchar(500),
      "flagged_at" datetime NOT NULL,
      "cleared_at" datetime,
      "cleared_by_id" integer,
      "cleared_by" varchar(64),
      "open_key" varchar(64),
      CONSTRAINT "uq_handover_flags_open_key" UNIQUE ("open_key")
    )`);
    await q.query(`CREATE INDEX "idx_handover_flags_account" ON "handover_flags" ("account_id", "cleared_at")`);
    await q.query(`CREATE INDEX "idx_handover_flags_unit" ON "handover_flags" ("unit_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "handover_flags"`);
    await q.query(`DROP TABLE "account_contacts"`);
    await q.query(`DROP TABLE "account_certifications"`);
    await q.query(`DROP INDEX "idx_accounts_operator_user"`);
    await q.query(`ALTER TABLE "accounts" DROP COLUMN "operator_user_id"`);
    await q.query(`ALTER TABLE "accounts" DROP COLUMN "certified_by_id"`);
    await q.query(`ALTER TABLE "accounts" DROP COLUMN "certified_at"`);
    await q.query(`ALTER TABLE "accounts" DROP COLUMN "certified_subject"`);
  }
}
