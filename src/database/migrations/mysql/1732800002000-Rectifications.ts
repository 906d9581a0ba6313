import { MigrationInterface, QueryRunner } from 'typeorm';

/** [rectify]: rectification work orders (整改通知) and their history (MySQL dialect). */
export class RectificationsMysql1732800002000 implements MigrationInterface {
  name = 'Rectifications1732800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`rectifications\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`unit_id\` int NOT NULL,
      \`account_id\` int NULL,
      \`title\` varchar(200) NOT NULL,
      \`problem\` varchar(2000) NOT NULL,
      \`source\` varchar(16) NOT NULL,
      \`source_ref\` varchar(200) NULL,
      \`source_key\` varchar(120) NULL,
      \`status\` varchar(16) NOT NULL,
      \`issued_at\` datetime(3) NOT NULL,
      \`due_at\` datetime(3) NOT NULL,
      \`found_at\` datetime(3) NULL,
      \`issued_by_id\` int NULL,
      \`responded_at\` datetime(3) NULL,
      \`responded_by_id\` int NULL,
      \`response_text\` varchar(2000) NULL,
      \`evidence_urls\` longtext NULL,
      \`verified_at\` datetime(3) NULL,
      \`verified_by_id\` int NULL,
      \`verify_note\` varchar(1000) NULL,
      \`closed_at\` datetime(3) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_rectifications_source_key\` (\`source_key\`),
      KEY \`idx_rectifications_unit_status\` (\`unit_id\`, \`status\`),
      KEY \`idx_rectifications_status_due\` (\`status\`, \`due_at\`),
      KEY \`idx_rectifications_issued\` (\`issued_at\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE \`rectification_events\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`rectification_id\` int NOT NULL,
      \`at\` datetime(3) NOT NULL,
      \`actor_id\` int NULL,
      \`actor\` varchar(64) NULL,
      \`action\` varchar(16) NOT NULL,
      \`from_status\` varchar(16) NULL,
      \`to_status\` varchar(16) NOT NULL,
      \`note\` varchar(2000) NULL,
      \`evidence_urls\` longtext NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_rectification_events_order\` (\`rectification_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE \`rectification_events\``);
    await q.query(`DROP TABLE \`rectifications\``);
  }
}
