import { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns (栏目), link checks and their runs, alert channels and deliveries (MySQL 8 / MariaDB 10.11 dialect). */
export class LinkHealthMysql1732800000200 implements MigrationInterface {
  name = 'LinkHealth1732800000200';

  async up(q: QueryRunner): Promise<void> {
    const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';
    await q.query(`CREATE TABLE \`columns\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`account_id\` int NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`url\` varchar(2000) NOT NULL,
      \`health\` varchar(16) NOT NULL,
      \`last_checked_at\` datetime(3) NULL,
      \`last_http_status\` int NULL,
      \`last_reason\` varchar(40) NULL,
      \`last_final_url\` varchar(2000) NULL,
      \`broken_since\` datetime(3) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_columns_account\` (\`account_id\`),
      KEY \`idx_columns_health\` (\`health\`),
      CONSTRAINT \`fk_columns_account\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\` (\`id\`)
    ) ${table}`);
    await q.query(`CREATE TABLE \`link_check_runs\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`status\` varchar(16) NOT NULL,
      \`trigger\` varchar(16) NOT NULL,
      \`unit_id\` int NULL,
      \`column_ids\` longtext NULL,
      \`requested_by\` int NULL,
      \`total\` int NOT NULL,
      \`done\` int NOT NULL,
      \`ok\` int NOT NULL,
      \`broken\` int NOT NULL,
      \`unverifiable\` int NOT NULL,
      \`error\` varchar(1000) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`started_at\` datetime(3) NULL,
      \`finished_at\` datetime(3) NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_link_check_runs_status\` (\`status\`)
    ) ${table}`);
    await q.query(`CREATE TABLE \`link_checks\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`column_id\` int NOT NULL,
      \`run_id\` int NULL,
      \`health\` varchar(16) NOT NULL,
      \`reason\` varchar(40) NOT NULL,
      \`http_status\` int NULL,
      \`final_url\` varchar(2000) NULL,
      \`redirects\` int NOT NULL,
      \`requests\` int NOT NULL,
      \`duration_ms\` int NOT NULL,
      \`confirmation\` tinyint(1) NOT NULL,
      \`detail\` varchar(500) NULL,
      \`checked_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_link_checks_column\` (\`column_id\`, \`id\`),
      KEY \`idx_link_checks_run\` (\`run_id\`),
      CONSTRAINT \`fk_link_checks_column\` FOREIGN KEY (\`column_id\`) REFERENCES \`columns\` (\`id\`) ON DELETE CASCADE
    ) ${table}`);
    await q.query(`CREATE TABLE \`alert_channels\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`name\` varchar(100) NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`target\` varchar(2000) NOT NULL,
      \`secret\` varchar(2000) NULL,
      \`kinds\` longtext NULL,
      \`enabled\` tinyint(1) NOT NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`updated_at\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ${table}`);
    await q.query(`CREATE TABLE \`alert_deliveries\` (
      \`id\` int NOT NULL AUTO_INCREMENT,
      \`channel_id\` int NOT NULL,
      \`alert_id\` int NULL,
      \`event\` varchar(32) NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`attempts\` int NOT NULL,
      \`last_error\` varchar(1000) NULL,
      \`created_at\` datetime(3) NOT NULL,
      \`sent_at\` datetime(3) NULL,
      PRIMARY KEY (\`id\`),
      KEY \`idx_alert_deliveries_channel\` (\`channel_id\`, \`id\`),
      KEY \`idx_alert_deliveries_alert\` (\`alert_id\`),
      CONSTRAINT \`fk_alert_deliveries_channel\` FOREIGN KEY (\`channel_id\`) REFERENCES \`alert_channels\` (\`id\`) ON DELETE CASCADE
    ) ${table}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['alert_deliveries', 'alert_channels', 'link_checks', 'link_check_runs', 'columns']) await q.query(`DROP TABLE \`${t}\``);
  }
}
