import 'reflect-metadata';
import { createServer, Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { createLogging } from './common/logging';
import { ConfigError, loadConfig } from './config/app-config';
import { migrateDatabase, withStartupLock } from './database/migrate';
import { JOB_QUEUE, JobQueue } from './queue/job-queue';

/**
 * `npm run start:worker`: the same modules as the API without an HTTP server; runs the jobs
 * of the queue (RUN_JOBS forced on) with WORKER_CONCURRENCY. WORKER_HEALTH_PORT, when set,
 * answers GET /health with the queue's state (for orchestrators).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = { ...loadConfig(), runJobs: true };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`配置错误 / Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!config.redisUrl) process.stderr.write('REDIS_URL 未设置：工作进程只运行自身进程内的任务。/ REDIS_URL is not set: this worker runs only its own in-process jobs.\n');
  const app = await withStartupLock(config, async () => {
    await migrateDatabase(config);
    const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: createLogging(config.logLevel).nest });
    context.enableShutdownHooks();
    await context.init();
    return context;
  });
  const queue = app.get<JobQueue>(JOB_QUEUE);
  let health: Server | undefined;
  if (config.workerHealthPort) {
    health = createServer((req, res) => {
      if (req.url !== '/health') {
        res.writeHead(404).end();
        return;
      }
      void queue.ping().then((up) => {
        res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: up ? 'ok' : 'error', queue: up ? 'up' : 'down', pid: process.pid }));
      });
    });
    health.listen(config.workerHealthPort, config.host);
    process.once('SIGTERM', () => health?.close());
  }
  process.stdout.write(
    `政务新媒体账号登记与监测系统 worker ${process.pid} started (queue ${queue.driver}${config.workerConcurrency ? `, concurrency ${config.workerConcurrency}` : ''})\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`工作进程启动失败 / Worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
