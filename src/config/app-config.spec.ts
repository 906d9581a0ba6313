import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('has working defaults: SQLite under ./data, port 3000, Asia/Shanghai', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, appTimezone: 'Asia/Shanghai', adminUsername: 'admin', jwtSecretGenerated: true });
    expect(config.dataDir.endsWith('data')).toBe(true);
  });

  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-secret', APP_SECRET_KEY: 'a'.repeat(64) }).jwtSecretGenerated).toBe(false);
  });

  it('refuses to start in production without a well-formed APP_SECRET_KEY', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-secret' })).toThrow('APP_SECRET_KEY');
    expect(() => loadConfig({ APP_SECRET_KEY: 'too-short' })).toThrow('APP_SECRET_KEY');
    expect(loadConfig({ APP_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') }).appSecretKey).toBeDefined();
    expect(() => loadConfig({ POLL_BUDGETS: 'wechat=lots' })).toThrow('POLL_BUDGETS');
    expect(loadConfig({ POLL_BUDGETS: 'wechat=60', POLL_SCHEDULER: 'off' })).toMatchObject({ pollScheduler: false, pollBudgets: { default: 120, wechat: 60 } });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'http' })).toThrow('PORT');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y' })).toThrow('DATABASE_URL');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@localhost:3306' })).toThrow('database');
    expect(() => loadConfig({ APP_TIMEZONE: 'Mars/Olympus' })).toThrow('APP_TIMEZONE');
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow('ADMIN_PASSWORD');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL');
  });
});
