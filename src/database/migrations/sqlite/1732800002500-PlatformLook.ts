import { MigrationInterface, QueryRunner } from 'typeorm';

/** [platforms]: a custom platform's mark (colour, 1–2 characters) and the account form's hints (SQLite dialect). */
export class PlatformLookSqlite1732800002500 implements MigrationInterface {
  name = 'PlatformLook1732800002500';

  async up(q: QueryRunner): Promise<void> {
    for (const column of ['"icon_color" varchar(7)', '"icon_glyph" varchar(16)', '"id_hint" varchar(100)', '"homepage_hint" varchar(100)']) {
      await q.query(`ALTER TABLE "custom_platforms" ADD COLUMN ${column} NULL`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['homepage_hint', 'id_hint', 'icon_glyph', 'icon_color']) await q.query(`ALTER TABLE "custom_platforms" DROP COLUMN "${column}"`);
  }
}
