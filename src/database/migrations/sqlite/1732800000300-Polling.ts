import { MigrationInterface, QueryRunner } from 'typeorm';

/** [polling]: account sources, posts, poll runs (SQLite dialect). */
export class PollingSqlite1732800000300 implements MigrationInterface {
  name = 'Polling1732800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "account_sources" (
      "account_id" integer PRIMARY KEY NOT NULL,
      "kind" varchar(16) NOT NULL,
      "url" varchar(2000),
      "base_url" varchar(2000),
      "app_id" varchar(128),
      "app_secret_enc" text,
      "uid" varchar(64),
      "access_token_enc" text,
      "cursor" text,
      "consecutive_failures" integer NOT NULL DEFAULT (0),
      "last_polled_at" datetime,
      "last_success_at" datetime,
      "last_error" varchar(1000),
      "last_error_kind" varchar(16),
      "next_poll_at" datetime,
      "paused_until" datetime,
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_account_sources_next_poll" ON "account_sources" ("next_poll_at")`);
    await q.query(`CREATE TABLE "posts" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "account_id" integer NOT NULL,
      "platform_post_id" varchar(191) NOT NULL,
      "title" varchar(500) NOT NULL,
      "url" varchar(2000),
      "published_at" datetime NOT NULL,
      "is_repost" boolean NOT NULL DEFAULT (0),
      "source_url" varchar(2000),
      "source_name" varchar(200),
      "origin" varchar(16) NOT NULL,
      "created_at" datetime NOT NULL,
      CONSTRAINT "uq_posts_account_platform_post" UNIQUE ("account_id", "platform_post_id")
    )`);
    await q.query(`CREATE INDEX "idx_posts_account_published" ON "posts" ("account_id", "published_at")`);
    await q.query(`CREATE INDEX "idx_posts_published" ON "posts" ("published_at")`);
    await q.query(`CREATE TABLE "poll_runs" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "status" varchar(16) NOT NULL,
      "trigger" varchar(16) NOT NULL,
      "total" integer NOT NULL DEFAULT (0),
      "succeeded" integer NOT NULL DEFAULT (0),
      "failed" integer NOT NULL DEFAULT (0),
      "new_posts" integer NOT NULL DEFAULT (0),
      "requested_by_id" integer,
      "started_at" datetime NOT NULL,
      "finished_at" datetime
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "poll_runs"`);
    await q.query(`DROP TABLE "posts"`);
    await q.query(`DROP TABLE "account_sources"`);
  }
}
