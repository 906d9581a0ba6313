import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [polish]: office-wide settings (the bulletin letterhead, the re-certification cycle's start) and
 * who requested an account's deregistration (maker-checker) (SQLite dialect).
 */
export class PolishSqlite1732800001700 implements MigrationInterface {
  name = 'Polish1732800001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "settings" (
      "key" varchar(64) PRIMARY KEY NOT NULL,
      "value" text NOT NULL,
      "updated_at" datetime(3) NOT NULL,
      "updated_by" varchar(64)
    )`);
    await q.query(`ALTER TABLE "accounts" ADD COLUMN "deregistration_requested_by_id" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "accounts" DROP COLUMN "deregistration_requested_by_id"`);
    await q.query(`DROP TABLE "settings"`);
  }
}
