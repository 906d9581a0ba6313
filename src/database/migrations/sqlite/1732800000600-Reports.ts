import { MigrationInterface, QueryRunner } from 'typeorm';

/** [report]: quarterly targets (发布任务) and published report snapshots (SQLite dialect). */
export class ReportsSqlite1732800000600 implements MigrationInterface {
  name = 'Reports1732800000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "targets" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "quarter" varchar(6) NOT NULL,
      "unit_id" integer NOT NULL,
      "posts" integer NOT NULL,
      "reposts" integer NOT NULL,
      "updated_by" varchar(64),
      "created_at" datetime NOT NULL,
      "updated_at" datetime NOT NULL,
      CONSTRAINT "uq_targets_quarter_unit" UNIQUE ("quarter", "unit_id")
    )`);
    await q.query(`CREATE TABLE "report_snapshots" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "quarter" varchar(6) NOT NULL,
      "figures" text NOT NULL,
      "published_at" datetime NOT NULL,
      "published_by" varchar(64),
      "published_by_id" integer,
      CONSTRAINT "uq_report_snapshots_quarter" UNIQUE ("quarter")
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "report_snapshots"`);
    await q.query(`DROP TABLE "targets"`);
  }
}
