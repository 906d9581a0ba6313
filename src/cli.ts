import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';
import { dialectOf } from './database/data-source';
import { migrateDatabase } from './database/migrate';
import { LedgerImportService } from './modules/accounts/ledger-import.service';
import { seedDemoCommand } from './modules/demo/seed-demo';

/**
 * Command line: `node dist/src/cli.js <command>` (or `npm run cli -- <command>`).
 * Commands that need the whole application start it without an HTTP server.
 */
const COMMANDS: Record<string, { help: string; run: (args: string[]) => Promise<void> }> = {
  migrate: { help: 'apply pending database migrations (also done automatically at start)', run: migrate },
  import: { help: 'import <file.xlsx|file.csv> — import an account ledger (台账), all rows or none', run: importLedger },
  'seed-demo': { help: 'fill an empty database with the demo district (宝鸡市凤翔区 2023Q3), see README', run: seedDemoCommand },
};

async function migrate(): Promise<void> {
  const config = loadConfig();
  const applied = await migrateDatabase(config);
  console.log(applied.length ? `已执行迁移 / Applied: ${applied.join(', ')}` : `数据库已是最新 / Up to date (${dialectOf(config)})`);
}

async function importLedger(args: string[]): Promise<void> {
  const file = args[0];
  if (!file) throw new ConfigError('用法 / usage: import <file.xlsx|file.csv>');
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  await migrateDatabase(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const system = { id: 0, username: 'cli', role: 'admin' as const, unitId: null };
    const result = await app.get(LedgerImportService).import({ buffer: readFileSync(file) }, system);
    console.log(`已导入 ${result.imported} 个账号 / Imported ${result.imported} accounts`);
  } catch (error) {
    const body = (error as { getResponse?: () => { message?: string; errors?: { row: number; message: string }[] } }).getResponse?.();
    if (!body) throw error;
    console.error(body.message);
    for (const e of body.errors ?? []) console.error(`  第 ${e.row} 行 / row ${e.row}: ${e.message}`);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const entry = command ? COMMANDS[command] : undefined;
  if (!entry) {
    console.log('用法 / usage: node dist/src/cli.js <command>\n');
    for (const [name, c] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(10)} ${c.help}`);
    process.exitCode = command ? 1 : 0;
    return;
  }
  await entry.run(args);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `配置错误 / Configuration error: ${error.message}` : error);
  process.exit(1);
});
