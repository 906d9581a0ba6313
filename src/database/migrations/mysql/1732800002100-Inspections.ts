import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

/** [inspection]: indicator set, rounds, evaluation runs, round accounts, item results, manual items (MySQL dialect). */
export class InspectionsMysql1732800002100 implements MigrationInterface {
  name = 'Inspections1732800002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`inspection_indicators\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`code\` varchar(40) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`type\` varchar(16) NOT NULL,
      \`basis\` varchar(16) NOT NULL,
      \`points\` double NOT NULL,
      \`cap\` double NOT NULL,
      \`description\` varchar(500) NOT NULL,
      \`position\` int NOT NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_inspection_indicators_code\` (\`code\`)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE \`inspection_rounds\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`quarter\` varchar(6) NOT NULL,
      \`inspection_date\` datetime(3) NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`sample_rate\` double NOT NULL,
      \`seed\` int NOT NULL,
      \`unit_ids\` text NULL,
      \`platforms\` text NULL,
      \`indicators\` text NOT NULL,
      \`recheck_of_id\` int NULL,
      \`evaluated_at\` datetime(3) NULL,
      \`finalized_at\` datetime(3) NULL,
      \`created_by\` varchar(64) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_inspection_rounds_quarter\` (\`quarter\`, \`status\`)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE \`inspection_evaluations\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`round_id\` int NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`done\` int NOT NULL DEFAULT 0,
      \`total\` int NOT NULL DEFAULT 0,
      \`error\` varchar(1000) NULL,
      \`requested_by_id\` int NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`started_at\` datetime(3) NULL,
      \`finished_at\` datetime(3) NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_inspection_evaluations_round\` (\`round_id\`)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE \`inspection_accounts\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`round_id\` int NOT NULL,
      \`account_id\` int NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`platform\` varchar(16) NOT NULL,
      \`unit_id\` int NOT NULL,
      \`unit_name\` varchar(200) NOT NULL,
      \`recheck\` tinyint(1) NOT NULL DEFAULT 0,
      \`score\` double NULL,
      \`verdict\` varchar(8) NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_inspection_accounts_round_account\` (\`round_id\`, \`account_id\`),
      KEY \`idx_inspection_accounts_round_unit\` (\`round_id\`, \`unit_id\`)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE \`inspection_item_results\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`round_id\` int NOT NULL,
      \`account_id\` int NOT NULL,
      \`code\` varchar(40) NOT NULL,
      \`count\` int NOT NULL,
      \`evidence\` mediumtext NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_inspection_item_results_round\` (\`round_id\`, \`account_id\`)
    ) ${TABLE}`);
    await q.query(`CREATE TABLE \`inspection_manual_items\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`round_id\` int NOT NULL,
      \`account_id\` int NOT NULL,
      \`code\` varchar(40) NOT NULL,
      \`hit\` tinyint(1) NOT NULL,
      \`count\` int NULL,
      \`note\` varchar(1000) NULL,
      \`evidence_url\` varchar(2000) NULL,
      \`entered_by\` varchar(64) NULL,
      \`entered_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      UNIQUE KEY \`uq_inspection_manual_items\` (\`round_id\`, \`account_id\`, \`code\`)
    ) ${TABLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['inspection_manual_items', 'inspection_item_results', 'inspection_accounts', 'inspection_evaluations', 'inspection_rounds', 'inspection_indicators']) {
      await q.query(`DROP TABLE \`${table}\``);
    }
  }
}
