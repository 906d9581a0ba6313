import { MigrationInterface, QueryRunner } from 'typeorm';
import { defaultErrorWords, sqlTimestamp } from '../../../modules/error-words/default-words';

/** [findings]: findings, scan runs, the 错敏词 library and its allow-list, with the default words (SQLite dialect). */
export class FindingsSqlite1732800000500 implements MigrationInterface {
  name = 'Findings1732800000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "findings" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "kind" varchar(40) NOT NULL,
      "status" varchar(16) NOT NULL,
      "subject_type" varchar(32) NOT NULL,
      "subject_id" varchar(64) NOT NULL,
      "account_id" integer,
      "unit_id" integer,
      "message" varchar(1000) NOT NULL,
      "evidence" text NOT NULL,
      "evidence_key" varchar(64) NOT NULL,
      "open_key" varchar(140),
      "detected_at" datetime NOT NULL,
      "last_seen_at" datetime NOT NULL,
      "resolved_at" datetime,
      "accepted_at" datetime,
      "accepted_by_id" integer,
      "accepted_by" varchar(64),
      "accept_reason" varchar(1000),
      CONSTRAINT "uq_findings_open_key" UNIQUE ("open_key")
    )`);
    await q.query(`CREATE INDEX "idx_findings_subject" ON "findings" ("kind", "subject_type", "subject_id")`);
    await q.query(`CREATE INDEX "idx_findings_status_kind" ON "findings" ("status", "kind")`);
    await q.query(`CREATE INDEX "idx_findings_unit" ON "findings" ("unit_id")`);
    await q.query(`CREATE INDEX "idx_findings_account" ON "findings" ("account_id")`);
    await q.query(`CREATE TABLE "finding_scans" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "status" varchar(16) NOT NULL,
      "trigger" varchar(16) NOT NULL,
      "requested_by_id" integer,
      "accounts" integer NOT NULL DEFAULT (0),
      "posts" integer NOT NULL DEFAULT (0),
      "opened" integer NOT NULL DEFAULT (0),
      "updated" integer NOT NULL DEFAULT (0),
      "resolved" integer NOT NULL DEFAULT (0),
      "error" varchar(1000),
      "created_at" datetime NOT NULL,
      "started_at" datetime,
      "finished_at" datetime
    )`);
    await q.query(`CREATE TABLE "error_words" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "wrong" varchar(100) NOT NULL,
      "wrong_norm" varchar(100) NOT NULL,
      "correct" varchar(200) NOT NULL,
      "category" varchar(32) NOT NULL,
      "note" varchar(500),
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL,
      CONSTRAINT "uq_error_words_wrong_norm" UNIQUE ("wrong_norm")
    )`);
    await q.query(`CREATE INDEX "idx_error_words_category" ON "error_words" ("category")`);
    await q.query(`CREATE TABLE "error_word_allows" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "error_word_id" integer NOT NULL,
      "phrase" varchar(200) NOT NULL,
      "phrase_norm" varchar(200) NOT NULL,
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX "uq_error_word_allows_phrase" ON "error_word_allows" ("error_word_id", "phrase_norm")`);
    const now = sqlTimestamp();
    for (const w of defaultErrorWords()) {
      await q.query(`INSERT OR IGNORE INTO "error_words" ("wrong", "wrong_norm", "correct", "category", "note", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?)`, [w.wrong, w.wrongNorm, w.correct, w.category, w.note, now, now]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "error_word_allows"`);
    await q.query(`DROP TABLE "error_words"`);
    await q.query(`DROP TABLE "finding_scans"`);
    await q.query(`DROP TABLE "findings"`);
  }
}
