import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [content] incremental scans: what each post was last scanned with (its content hash and the
 * ruleset fingerprint), a narrow index over posts' (id, content_hash) so the "what changed" pass
 * never reads bodies, and the progress of a scan run (SQLite dialect).
 */
export class IncrementalScansSqlite1732800002700 implements MigrationInterface {
  name = 'IncrementalScans1732800002700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "post_scans" (
      "post_id" integer PRIMARY KEY NOT NULL,
      "content_hash" varchar(64) NOT NULL,
      "ruleset" varchar(16) NOT NULL
    )`);
    await q.query(`CREATE INDEX "idx_posts_id_content_hash" ON "posts" ("id", "content_hash")`);
    await q.query(`ALTER TABLE "finding_scans" ADD COLUMN "full" boolean NOT NULL DEFAULT (0)`);
    await q.query(`ALTER TABLE "finding_scans" ADD COLUMN "posts_total" integer NOT NULL DEFAULT (0)`);
    await q.query(`ALTER TABLE "finding_scans" ADD COLUMN "skipped" integer NOT NULL DEFAULT (0)`);
    await q.query(`ALTER TABLE "finding_scans" ADD COLUMN "ruleset" varchar(16) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "finding_scans" DROP COLUMN "ruleset"`);
    await q.query(`ALTER TABLE "finding_scans" DROP COLUMN "skipped"`);
    await q.query(`ALTER TABLE "finding_scans" DROP COLUMN "posts_total"`);
    await q.query(`ALTER TABLE "finding_scans" DROP COLUMN "full"`);
    await q.query(`DROP INDEX "idx_posts_id_content_hash"`);
    await q.query(`DROP TABLE "post_scans"`);
  }
}
