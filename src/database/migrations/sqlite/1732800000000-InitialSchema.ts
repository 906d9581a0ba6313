import { MigrationInterface, QueryRunner } from 'typeorm';

/** Registry core: users, units, accounts, audit entries (SQLite dialect). */
export class InitialSchemaSqlite1732800000000 implements MigrationInterface {
  name = 'InitialSchema1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "units" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "name" varchar(100) NOT NULL,
      "kind" varchar(16) NOT NULL,
      "code" varchar(32),
      "parent_id" integer,
      "contact_name" varchar(50),
      "contact_phone" varchar(30),
      "status" varchar(16) NOT NULL DEFAULT ('active'),
      "abolished_at" datetime,
      "abolish_reason" varchar(500),
      "successor_unit_id" integer,
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL,
      CONSTRAINT "uq_units_name" UNIQUE ("name")
    )`);
    await q.query(`CREATE INDEX "idx_units_code" ON "units" ("code")`);
    await q.query(`CREATE TABLE "users" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "username" varchar(64) NOT NULL,
      "password_hash" varchar(100) NOT NULL,
      "role" varchar(16) NOT NULL,
      "unit_id" integer REFERENCES "units" ("id"),
      "display_name" varchar(50),
      "disabled" boolean NOT NULL DEFAULT (0),
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL,
      CONSTRAINT "uq_users_username" UNIQUE ("username")
    )`);
    await q.query(`CREATE TABLE "accounts" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "unit_id" integer NOT NULL REFERENCES "units" ("id"),
      "platform" varchar(16) NOT NULL,
      "name" varchar(100) NOT NULL,
      "platform_account_id" varchar(128),
      "homepage_url" varchar(1000),
      "operator_name" varchar(50),
      "operator_phone" varchar(30),
      "purpose" varchar(500),
      "justification" varchar(500),
      "filing_number" varchar(64),
      "state" varchar(32) NOT NULL,
      "applied_at" datetime,
      "approved_at" datetime,
      "rejected_at" datetime,
      "opened_at" datetime,
      "deregistration_requested_at" datetime,
      "deregistered_at" datetime,
      "last_reason" varchar(1000),
      "applied_by_id" integer,
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_accounts_unit_platform" ON "accounts" ("unit_id", "platform")`);
    await q.query(`CREATE INDEX "idx_accounts_state" ON "accounts" ("state")`);
    await q.query(`CREATE TABLE "audit_entries" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "subject_type" varchar(32) NOT NULL,
      "subject_id" varchar(64) NOT NULL,
      "action" varchar(40) NOT NULL,
      "from_state" varchar(32),
      "to_state" varchar(32),
      "reason" varchar(1000),
      "changes" text,
      "actor_id" integer,
      "actor_username" varchar(64),
      "at" datetime NOT NULL,
      "recorded_at" datetime NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_audit_subject" ON "audit_entries" ("subject_type", "subject_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_entries', 'accounts', 'users', 'units']) await q.query(`DROP TABLE "${table}"`);
  }
}
