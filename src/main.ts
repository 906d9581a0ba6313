import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';
import { dialectOf } from './database/data-source';
import { withStartupLock } from './database/migrate';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`配置错误 / Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.jwtSecretGenerated) {
    process.stderr.write(
      'JWT_SECRET 未设置，已为本次运行随机生成；重启后需重新登录。生产环境请设置 JWT_SECRET。\n' +
        'JWT_SECRET is not set: generated one for this run (logins end at restart). Set it in production.\n',
    );
  }
  // Replicas starting together initialise one at a time (migrations, first-run seeding).
  const app = await withStartupLock(config, async () => {
    const created = await createApp(config);
    await created.init();
    return created;
  });
  await app.listen(config.port, config.host);
  const where = dialectOf(config) === 'sqlite' ? `SQLite ${config.dataDir}/registry.sqlite` : 'MySQL';
  process.stdout.write(`政务新媒体账号登记与监测系统 listening on http://localhost:${config.port} (API /api, docs /api/docs, database ${where})\n`);
}

main().catch((error) => {
  process.stderr.write(`启动失败 / Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
