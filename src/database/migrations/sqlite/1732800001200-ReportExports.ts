import { MigrationInterface, QueryRunner } from 'typeorm';

/** [scale]: report files made in the background by the `report-export` job (SQLite dialect). */
export class ReportExportsSqlite1732800001200 implements MigrationInterface {
  name = 'ReportExports1732800001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_exports" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "report" varchar(32) NOT NULL,
      "quarter" varchar(6) NOT NULL,
      "format" varchar(8) NOT NULL,
      "live" boolean NOT NULL DEFAULT (0),
      "status" varchar(16) NOT NULL,
      "error" varchar(1000),
      "requested_by_id" integer NOT NULL,
      "requested_by" varchar(64) NOT NULL,
      "created_at" datetime(3) NOT NULL,
      "started_at" datetime(3),
      "finished_at" datetime(3),
      "file_name" varchar(200),
      "content_type" varchar(100),
      "size" integer,
      "content" blob
    )`);
    await q.query(`CREATE INDEX "idx_report_exports_created" ON "report_exports" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "report_exports"`);
  }
}
