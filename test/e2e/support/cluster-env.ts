import * as path from 'node:path';
import { ADMIN } from './app';

/**
 * The environment every process of a queue-mode test deployment shares (API replicas and workers
 * on one MariaDB database and one Redis db): short stalled-job detection, no schedule firing by
 * itself, link checks allowed on loopback without retries. `extra` sets what the suite is about.
 */
export function clusterEnv(deployment: { dataDir: string; databaseUrl: string; redisUrl: string; prefix: string }, extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATA_DIR: deployment.dataDir,
    WEB_DIR: path.join(deployment.dataDir, 'no-web'),
    DATABASE_URL: deployment.databaseUrl,
    REDIS_URL: deployment.redisUrl,
    QUEUE_PREFIX: deployment.prefix,
    QUEUE_LOCK_MS: '3000',
    QUEUE_STALLED_INTERVAL_MS: '2000',
    JWT_SECRET: 'cluster-test-secret-0123456789',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    LINK_SWEEP_CRON: 'off',
    LINK_CHECK_ALLOW_PRIVATE: 'true',
    LINK_CHECK_RETRIES: '0',
    LINK_CHECK_CONFIRM_DELAY_MS: '0',
    POLL_SCHEDULER: 'off',
    FINDINGS_SCHEDULER: 'off',
    REPOST_REMINDER_SCHEDULER: 'off',
    RECERTIFY_SCHEDULER: 'off',
    ...extra,
  };
}
