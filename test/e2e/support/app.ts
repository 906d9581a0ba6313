import type { DynamicModule, INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createApp } from '../../../src/bootstrap';
import { loadConfig } from '../../../src/config/app-config';
import { createMysqlDatabase, dropMysqlDatabase } from './mysql';

export type DatabaseKind = 'sqlite' | 'mysql';

export const ADMIN = { username: 'admin', password: 'Admin#12345' };
export const JWT_SECRET = 'e2e-test-secret-0123456789';

/**
 * The databases every e2e suite runs against: SQLite always, MariaDB/MySQL when
 * TEST_MYSQL_URL is set. Under CI=true a missing TEST_MYSQL_URL is a failure, not a skip.
 */
export function databasesUnderTest(): DatabaseKind[] {
  if (process.env.TEST_MYSQL_URL) return ['sqlite', 'mysql'];
  if (process.env.CI === 'true') {
    throw new Error('CI=true but TEST_MYSQL_URL is not set: the MariaDB e2e suites cannot run (see .ci/run)');
  }
  return ['sqlite'];
}

export interface TestApp {
  kind: DatabaseKind;
  app: INestApplication;
  http: ReturnType<typeof request>;
  /** Logs in and returns the access token. */
  login(username: string, password: string): Promise<string>;
  adminToken: string;
  close(): Promise<void>;
}

/** `extra`: test-only modules added to the application (e.g. a provider behind a module's seam). */
export async function startApp(kind: DatabaseKind, env: Record<string, string> = {}, extra: DynamicModule[] = []): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'registry-e2e-'));
  const databaseUrl = kind === 'mysql' ? await createMysqlDatabase(process.env.TEST_MYSQL_URL as string) : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    JWT_SECRET,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    WEB_DIR: path.join(dataDir, 'no-web'),
    // No scheduled work fires by itself in tests; a suite that wants it turns it on.
    LINK_SWEEP_CRON: 'off',
    POLL_SCHEDULER: 'off',
    FINDINGS_SCHEDULER: 'off',
    REPOST_REMINDER_SCHEDULER: 'off',
    RECERTIFY_SCHEDULER: 'off',
    RECTIFICATION_SCHEDULER: 'off',
    ...env,
  });
  const app = await createApp(config, extra);
  await app.init();
  const http = request(app.getHttpServer());
  const login = async (username: string, password: string) => {
    const response = await http.post('/api/auth/login').send({ username, password });
    if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.accessToken as string;
  };
  const adminToken = await login(ADMIN.username, ADMIN.password);
  return {
    kind,
    app,
    http,
    login,
    adminToken,
    close: async () => {
      await app.close();
      if (databaseUrl) await dropMysqlDatabase(databaseUrl);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}
