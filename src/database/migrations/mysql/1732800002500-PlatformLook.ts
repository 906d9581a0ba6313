import { MigrationInterface, QueryRunner } from 'typeorm';

/** [platforms]: a custom platform's mark (colour, 1–2 characters) and the account form's hints (MySQL dialect). */
export class PlatformLookMysql1732800002500 implements MigrationInterface {
  name = 'PlatformLook1732800002500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`custom_platforms\`
      ADD \`icon_color\` varchar(7) NULL,
      ADD \`icon_glyph\` varchar(16) NULL,
      ADD \`id_hint\` varchar(100) NULL,
      ADD \`homepage_hint\` varchar(100) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`custom_platforms\` DROP COLUMN \`icon_color\`, DROP COLUMN \`icon_glyph\`, DROP COLUMN \`id_hint\`, DROP COLUMN \`homepage_hint\``);
  }
}
