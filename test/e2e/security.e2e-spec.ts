/**
 * Security hardening (issue #10): passwords and logins, secrets at rest and in answers and
 * logs, HTTP headers / CORS / body limits / uploads, the outbound private-address guard on
 * every kind of outbound request, and the append-only audit trail. See SECURITY.md.
 *
 * Names under `.rebind.test` resolve through a fake `dns.lookup` (below) — by default to
 * 127.0.0.1 — so the guard's lookup hook is exercised without any real DNS.
 */
jest.mock('node:dns', () => {
  const real = jest.requireActual<typeof import('node:dns')>('node:dns');
  type Callback = (error: NodeJS.ErrnoException | null, address: string | { address: string; family: number }[], family?: number) => void;
  const lookup = (hostname: string, options: unknown, callback?: Callback) => {
    const cb = (typeof options === 'function' ? options : callback) as Callback;
    if (!hostname.endsWith('.rebind.test')) return (real.lookup as (...a: unknown[]) => void)(hostname, options, callback);
    const answers = ((globalThis as Record<string, unknown>).mockDnsAnswers as Map<string, string[]> | undefined)?.get(hostname) ?? ['127.0.0.1'];
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    const list = answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    setImmediate(() => (all ? cb(null, list) : cb(null, list[0].address, list[0].family)));
  };
  return { ...real, lookup };
});

import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as bcrypt from 'bcryptjs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { rootLogger } from '../../src/common/logging';
import { connectGuarded } from '../../src/common/net/address-guard';
import { passwordProblem } from '../../src/common/password-policy';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { postJson } from '../../src/modules/alerts/channels/http-post';
import { AuditService } from '../../src/modules/audit/audit.service';
import { LinkChecker } from '../../src/modules/link-health/engine/link-checker';
import { SourceHttpClient } from '../../src/modules/source-kinds/http-client';
import { SourceError } from '../../src/modules/source-kinds/post-source';
import { User } from '../../src/modules/users/user.entity';
import { BCRYPT_COST } from '../../src/modules/users/users.service';
import { ledgerAccounts, pollNow, putSource } from '../simulator/e2e-helpers';
import { ADMIN, bearer, databasesUnderTest, JWT_SECRET, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

const mockDnsAnswers = new Map<string, string[]>();
(globalThis as Record<string, unknown>).mockDnsAnswers = mockDnsAnswers;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An HTTP server on 127.0.0.1 that records every request; `/redirect?to=` answers 302 to `to`. */
interface Sink {
  port: number;
  origin: string;
  hits: string[];
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    const url = new URL(req.url ?? '/', 'http://sink');
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"errcode":0,"errmsg":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An SMTP server on 127.0.0.1 that counts connections. */
async function startSmtpCounter(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Every row of every table, read through the DataSource, as text. */
async function dumpThroughDataSource(dataSource: DataSource): Promise<string> {
  const mysql = dataSource.options.type === 'mysql';
  const tables: string[] = mysql
    ? (await dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'`)).map(
        (r: { name: string }) => r.name,
      )
    : (await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((r: { name: string }) => r.name);
  expect(tables).toEqual(expect.arrayContaining(['alert_channels', 'account_sources', 'users', 'audit_entries']));
  const quote = (name: string) => (mysql ? `\`${name}\`` : `"${name}"`);
  const parts: string[] = [];
  for (const table of tables) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM ${quote(table)}`);
    parts.push(`${table}:${JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : typeof v === 'bigint' ? String(v) : v))}`);
  }
  return parts.join('\n');
}

/** What a person with the database (its files or a dump) can read. */
async function databaseBytes(t: TestApp): Promise<string> {
  const dataSource = t.app.get(DataSource);
  const texts = [await dumpThroughDataSource(dataSource)];
  if (dataSource.options.type === 'better-sqlite3') {
    const file = dataSource.options.database as string;
    for (const f of [file, `${file}-wal`, `${file}-journal`]) if (existsSync(f)) texts.push(readFileSync(f).toString('latin1'));
    expect(texts.length).toBeGreaterThan(1);
  } else if (process.env.TEST_MYSQL_URL) {
    const server = new URL(process.env.TEST_MYSQL_URL);
    const [{ name }] = await dataSource.query('SELECT DATABASE() AS name');
    const dump = spawnSync(
      'mariadb-dump',
      [
        '--host',
        server.hostname,
        '--port',
        server.port || '3306',
        '--user',
        decodeURIComponent(server.username),
        ...(server.password ? [`--password=${decodeURIComponent(server.password)}`] : []),
        '--skip-extended-insert',
        name,
      ],
      { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 },
    );
    // mariadb-dump is optional (the DataSource dump above is always made); when present it must work.
    if (!dump.error) {
      expect(dump.status).toBe(0);
      expect(dump.stdout).toContain('CREATE TABLE `alert_channels`');
      texts.push(dump.stdout);
    }
  }
  return texts.join('\n');
}

/** The UTF-8 bytes of `secret` as a latin1 string, to search raw file bytes. */
const bytesOf = (secret: string) => Buffer.from(secret, 'utf8').toString('latin1');

describe.each(databasesUnderTest())('security (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let sink: Sink;
  let smtp: Awaited<ReturnType<typeof startSmtpCounter>>;
  const logs: string[] = [];
  const spies: jest.SpyInstance[] = [];
  const SMTP_PASS = `smtp-PASS-${uniqueTag()}`;

  beforeAll(async () => {
    for (const method of ['log', 'warn', 'error', 'debug', 'verbose', 'fatal'] as const) {
      spies.push(
        jest.spyOn(Logger.prototype, method).mockImplementation(function (this: Logger, ...args: unknown[]) {
          logs.push(args.map(String).join(' '));
        }),
      );
    }
    sink = await startSink();
    smtp = await startSmtpCounter();
    // The guards are on (no *_ALLOW_PRIVATE); SMTP at a name that resolves to 127.0.0.1.
    t = await startApp(kind, {
      SMTP_HOST: 'mail.rebind.test',
      SMTP_PORT: String(smtp.port),
      SMTP_USER: 'alerts',
      SMTP_PASS,
      ALERT_DELIVERY_RETRIES: '0',
      ALERT_DELIVERY_TIMEOUT_MS: '2000',
      SOURCE_TIMEOUT_MS: '2000',
      LINK_CHECK_RETRIES: '0',
      LINK_CHECK_MIN_GAP_MS: '0',
      LINK_CHECK_TIMEOUT_MS: '2000',
      LINK_CHECK_CONNECT_TIMEOUT_MS: '1000',
      LINK_CHECK_CONFIRM_DELAY_MS: '0',
    });
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await smtp?.close();
    for (const spy of spies) spy.mockRestore();
  });

  // ------------------------------------------------------------------------------------------
  describe('passwords, logins and tokens', () => {
    it('hashes passwords with bcrypt at cost 12 or more, and upgrades an older, cheaper hash at the next login', async () => {
      expect(BCRYPT_COST).toBeGreaterThanOrEqual(12);
      const dataSource = t.app.get(DataSource);
      const username = `hash_${uniqueTag()}`;
      const password = 'Hash#Check9';
      const created = await t.http.post('/api/users').set(bearer(t.adminToken)).send({ username, password, role: 'viewer' });
      expect(created.status).toBe(201);
      const hashOf = async () => (await dataSource.query(`SELECT password_hash AS h FROM users WHERE id = ${Number(created.body.id)}`))[0].h as string;
      expect(bcrypt.getRounds(await hashOf())).toBeGreaterThanOrEqual(12);
      expect(await hashOf()).not.toContain(password);

      // A hash from before the policy (cost 10) is replaced once the password is known again.
      await dataSource.query(`UPDATE users SET password_hash = '${bcrypt.hashSync(password, 10)}' WHERE id = ${Number(created.body.id)}`);
      expect(bcrypt.getRounds(await hashOf())).toBe(10);
      await t.login(username, password);
      expect(bcrypt.getRounds(await hashOf())).toBeGreaterThanOrEqual(12);
      expect(await bcrypt.compare(password, await hashOf())).toBe(true);
    });

    it('refuses weak passwords with a Chinese 400, on create and on change, and accepts the ones the suites use', async () => {
      const admin = bearer(t.adminToken);
      for (const password of ['password', 'PASSWORD1', 'password123', 'abcdefgh1', 'Ab#1234', '12345678', 'Passwordpassword']) {
        const res = await t.http
          .post('/api/users')
          .set(admin)
          .send({ username: `weak_${uniqueTag()}`, password, role: 'viewer' });
        expectError(res, 400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('password');
        expect(res.body.message).toMatch(/密码/);
      }
      const username = `zhangsan_${uniqueTag()}`;
      const withName = await t.http
        .post('/api/users')
        .set(admin)
        .send({ username, password: `${username}#A1`, role: 'viewer' });
      expectError(withName, 400);
      expect(withName.body.message).toContain('用户名');

      const ok = await t.http.post('/api/users').set(admin).send({ username, password: 'Password#1', role: 'viewer' });
      expect(ok.status).toBe(201);
      const weakChange = await t.http.patch(`/api/users/${ok.body.id}`).set(admin).send({ password: 'alllowercase' });
      expectError(weakChange, 400);
      expect(weakChange.body.errors[0].field).toBe('password');
      expect((await t.http.patch(`/api/users/${ok.body.id}`).set(admin).send({ password: 'Admin#12345' })).status).toBe(200);
      await t.login(username, 'Admin#12345');

      for (const good of ['Password#1', 'Admin#12345', 'Passw0rd!x', 'Demo@2023Q3', 'Bench#12345']) expect(passwordProblem(good)).toBeNull();
      // ADMIN_PASSWORD is held to the policy when it creates the initial admin, not at every start:
      // a deployment set up before the policy still starts (its admin exists), a new one does not.
      expect(loadConfig({ ADMIN_PASSWORD: 'password123' }).adminPassword).toBe('password123');
      expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
      const dataDir = mkdtempSync(path.join(tmpdir(), 'registry-weak-admin-'));
      const weak = await createApp(loadConfig({ DATA_DIR: dataDir, WEB_DIR: path.join(dataDir, 'no-web'), JWT_SECRET, LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'password123' }));
      try {
        await expect(weak.init()).rejects.toThrow(/ADMIN_PASSWORD 不符合密码规则/);
        expect(await weak.get(DataSource).getRepository(User).count()).toBe(0);
      } finally {
        await weak.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('issues tokens that expire (JWT exp = JWT_EXPIRES_IN) and refuses a token without exp', async () => {
      const payload = JSON.parse(Buffer.from(t.adminToken.split('.')[1], 'base64url').toString('utf8'));
      expect(payload.exp - payload.iat).toBe(12 * 3600);
      const me = await t.http.get('/api/auth/me').set(bearer(t.adminToken));
      const forever = new JwtService({ secret: JWT_SECRET }).sign({ sub: me.body.id });
      expect(JSON.parse(Buffer.from(forever.split('.')[1], 'base64url').toString('utf8'))).not.toHaveProperty('exp');
      expectError(await t.http.get('/api/auth/me').set(bearer(forever)), 401);
      expect(() => loadConfig({ JWT_EXPIRES_IN: '3600' })).toThrow(ConfigError);
    });

    it('disables a user without deleting them: their token stops working, login is refused, the user and their history remain', async () => {
      const admin = bearer(t.adminToken);
      const username = `leaver_${uniqueTag()}`;
      const created = await t.http.post('/api/users').set(admin).send({ username, password: 'Password#1', role: 'operator', unitId: f.unitA.id });
      const token = await t.login(username, 'Password#1');
      const account = await createAccount(t, token, { unitId: f.unitA.id, platform: 'bilibili', name: `离职测试${uniqueTag()}` });
      expect((await t.http.patch(`/api/users/${created.body.id}`).set(admin).send({ disabled: true })).body.disabled).toBe(true);

      expectError(await t.http.get('/api/auth/me').set(bearer(token)), 401);
      expectError(await t.http.get('/api/accounts').set(bearer(token)), 401);
      expectError(await t.http.post('/api/auth/login').send({ username, password: 'Password#1' }), 401);
      const kept = await t.http.get(`/api/users/${created.body.id}`).set(admin);
      expect(kept.body).toMatchObject({ id: created.body.id, username, disabled: true });
      const history = await t.http.get(`/api/accounts/${account.id}/history`).set(admin);
      expect(history.body[0]).toMatchObject({ action: 'create', actor: { id: created.body.id, username } });
      // There is no way to delete a user at all.
      expect((await t.http.delete(`/api/users/${created.body.id}`).set(admin)).status).toBe(404);
      expect((await t.http.get('/api/docs-json')).body.paths['/api/users/{id}'].delete).toBeUndefined();
    });

    it('throttles failed logins per username (any client) and per client (any username), 429 with Retry-After', async () => {
      const s = await startApp(kind, { LOGIN_MAX_FAILURES: '10', LOGIN_MAX_FAILURES_PER_USER: '3', LOGIN_MAX_FAILURES_PER_CLIENT: '4' });
      try {
        const login = (username: string, password: string, client: string) => s.http.post('/api/auth/login').set('X-Forwarded-For', client).send({ username, password });
        const fs = await seedFixture(s);
        const reviewer = (await s.http.get('/api/auth/me').set(bearer(fs.reviewerToken))).body.username as string;

        // One username guessed from many clients: locked for everyone, even with the right password.
        for (let i = 1; i <= 3; i++) expectError(await login(reviewer, `wrong-${i}`, `198.51.100.${i}`), 401);
        const locked = await login(reviewer, 'Password#1', '198.51.100.99');
        expectError(locked, 429);
        expect(locked.body.message).toMatch(/[\u4e00-\u9fa5]/);
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
        expect(locked.body).not.toHaveProperty('accessToken');
        // Other usernames are not affected.
        expect((await login(ADMIN.username, ADMIN.password, '198.51.100.99')).status).toBe(200);

        // One client guessing many usernames (password spraying): locked for that client only.
        const client = '203.0.113.50';
        for (let i = 1; i <= 4; i++) expectError(await login(`nobody_${i}`, 'Spray#2024', client), 401);
        const sprayed = await login(ADMIN.username, ADMIN.password, client);
        expectError(sprayed, 429);
        expect(Number(sprayed.headers['retry-after'])).toBeGreaterThan(0);
        expect((await login(ADMIN.username, ADMIN.password, '203.0.113.51')).status).toBe(200);

        // Parallel guesses at one username from many clients: no more are tried than the limit
        // (each attempt is counted before the password is checked, not after).
        const target = (await s.http.get('/api/auth/me').set(bearer(fs.operatorAToken))).body.username as string;
        const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => login(target, `parallel-${i}`, `192.0.2.${10 + i}`)));
        expect(answers.map((a) => a.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
      } finally {
        await s.close();
      }
    });

    it('limits login requests per client address, which X-Forwarded-For cannot change unless the proxy is trusted; tokens expire', async () => {
      const s = await startApp(kind, { LOGIN_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '0', JWT_EXPIRES_IN: '2s' });
      try {
        // startApp logged in once (request 1 of 3); its token lives 2 s.
        const payload = JSON.parse(Buffer.from(s.adminToken.split('.')[1], 'base64url').toString('utf8'));
        expect(payload.exp - payload.iat).toBe(2);
        expect((await s.http.get('/api/auth/me').set(bearer(s.adminToken))).status).toBe(200);
        expectError(await s.http.post('/api/auth/login').set('X-Forwarded-For', '192.0.2.1').send({ username: ADMIN.username, password: 'wrong-one' }), 401);
        expectError(await s.http.post('/api/auth/login').set('X-Forwarded-For', '192.0.2.2').send({ username: ADMIN.username, password: 'wrong-two' }), 401);
        const limited = await s.http.post('/api/auth/login').set('X-Forwarded-For', '192.0.2.3').send(ADMIN);
        expectError(limited, 429);
        expect(limited.body.message).toMatch(/[\u4e00-\u9fa5]/);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        await sleep(2500);
        expectError(await s.http.get('/api/auth/me').set(bearer(s.adminToken)), 401);
      } finally {
        await s.close();
      }
      expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('secrets at rest, in answers and in logs', () => {
    it('stores channel secrets, webhook keys and platform credentials only encrypted, and never returns or logs them', async () => {
      const tag = uniqueTag();
      const secrets = {
        channelSecret: `SEC-ding-${tag}`,
        wecomKey: `wecomKEY${tag}x`,
        dingToken: `dingTOKEN${tag}y`,
        feishuHook: `7c9e6679-7425-40de-944b-${createHash('sha256').update(tag).digest('hex').slice(0, 12)}`,
        webhookSecret: `SEC-webhook-${tag}`,
        appSecret: `wxSECRET-${tag}`,
        accessToken: `weiboTOKEN-${tag}`,
        userPassword: `Uniq#Pw-${tag}`,
        smtpPassword: SMTP_PASS,
      };
      const admin = bearer(t.adminToken);
      const channels: { id: number; kind: string }[] = [];
      for (const body of [
        { name: `钉钉${tag}`, kind: 'dingtalk', target: `https://oapi.dingtalk.com/robot/send?access_token=${secrets.dingToken}`, secret: secrets.channelSecret },
        { name: `企业微信${tag}`, kind: 'wecom', target: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${secrets.wecomKey}` },
        { name: `飞书${tag}`, kind: 'feishu', target: `https://open.feishu.cn/open-apis/bot/v2/hook/${secrets.feishuHook}` },
        { name: `通用${tag}`, kind: 'webhook', target: `http://127.0.0.1:${sink.port}/hook?token=${secrets.wecomKey}`, secret: secrets.webhookSecret },
        { name: `邮件${tag}`, kind: 'email', target: 'duty@example.gov.cn' },
      ]) {
        const res = await t.http.post('/api/alert-channels').set(admin).send(body);
        expect(res.status).toBe(201);
        channels.push(res.body);
      }
      const [wechat] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
      const [weibo] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
      await putSource(t, wechat, { kind: 'wechat_api', appId: `wx${tag}`, appSecret: secrets.appSecret, baseUrl: `http://127.0.0.1:${sink.port}` });
      await putSource(t, weibo, { kind: 'weibo_api', uid: '1234567890', accessToken: secrets.accessToken, baseUrl: `http://127.0.0.1:${sink.port}` });
      const user = await t.http
        .post('/api/users')
        .set(admin)
        .send({ username: `secret_${tag}`, password: secrets.userPassword, role: 'viewer' });
      expect(user.status).toBe(201);
      // Work that logs: failing deliveries (the guard refuses 127.0.0.1) and failing polls.
      for (const c of channels) expect((await t.http.post(`/api/alert-channels/${c.id}/test`).set(admin)).status).toBe(200);
      await pollNow(t, [wechat, weibo]);

      // The robots keep working with the real (decrypted) address: the display copy is redacted.
      const listed = await t.http.get('/api/alert-channels?pageSize=200').set(admin);
      const wecom = listed.body.items.find((c: { id: number }) => c.id === channels[1].id);
      expect(wecom.target).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***');
      expect(listed.body.items.find((c: { id: number }) => c.id === channels[2].id).target).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/***');
      expect(listed.body.items.find((c: { id: number }) => c.id === channels[4].id).target).toBe('duty@example.gov.cn');

      // 1. The database: files and every row.
      const stored = await databaseBytes(t);
      for (const [name, secret] of Object.entries(secrets)) {
        if (stored.includes(bytesOf(secret))) throw new Error(`${name} is stored in plain text`);
      }
      expect(stored).toContain('v1:'); // the AES-256-GCM form is there instead
      expect(stored).toContain(`access_token=***`);

      // 2. Every answer: all GET routes without parameters, and the details of what was created.
      const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
      const lists = Object.entries(doc.paths)
        .filter(([p, ops]) => 'get' in ops && !p.includes('{'))
        .map(([p]) => p);
      expect(lists.length).toBeGreaterThan(20);
      const details = [
        ...channels.flatMap((c) => [`/api/alert-channels/${c.id}`, `/api/alert-channels/${c.id}/deliveries`]),
        ...[wechat, weibo].flatMap((id) => [`/api/accounts/${id}/source`, `/api/accounts/${id}/history`, `/api/accounts/${id}`]),
        `/api/users/${user.body.id}`,
        '/api/users?pageSize=200',
        '/api/alerts?pageSize=200',
      ];
      const answers: string[] = [];
      for (const route of [...lists, ...details]) {
        const res = await t.http.get(route).set(admin).buffer(true);
        expect(res.status).toBeLessThan(500);
        answers.push(`${route} ${JSON.stringify(res.headers)} ${res.text ?? ''} ${Buffer.isBuffer(res.body) ? res.body.toString('latin1') : ''}`);
      }
      const logged = [...logs, ...pinoLines];
      expect(logged.some((l) => /delivery #\d+ .* failed/.test(l))).toBe(true);
      expect(pinoLines.some((l) => l.includes('/api/alert-channels') && l.includes('"res"'))).toBe(true);
      for (const [name, secret] of Object.entries(secrets)) {
        for (const text of answers) if (text.includes(secret)) throw new Error(`${name} appears in the answer to ${text.slice(0, 80)}`);
        for (const line of logged) if (line.includes(secret)) throw new Error(`${name} appears in a log line: ${line.slice(0, 200)}`);
      }
    });
  });

  // The pino destination of the application (request logs included; see common/logging.ts), captured at trace level.
  const pinoLines: string[] = [];
  beforeAll(() => {
    const root = rootLogger() as unknown as Record<symbol, { write: (line: string) => unknown }> & { level: string };
    expect(root).toBeDefined();
    root.level = 'trace';
    const stream = root[pino.symbols.streamSym];
    stream.write = (line: string) => {
      pinoLines.push(line);
      return true;
    };
  });

  // ------------------------------------------------------------------------------------------
  describe('HTTP hardening', () => {
    const expectSecurityHeaders = (headers: Record<string, string>) => {
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy']).toContain("object-src 'none'");
      expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['x-powered-by']).toBeUndefined();
    };

    it('sends helmet security headers on API answers, errors and the public directory page (whose CSP allows exactly its inline code)', async () => {
      for (const res of [
        await t.http.get('/api/health'),
        await t.http.get('/api/units').set(bearer(t.adminToken)),
        await t.http.get('/api/units'),
        await t.http.get('/api/nope'),
      ]) {
        expectSecurityHeaders(res.headers);
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      }
      const page = await t.http.get('/directory');
      expect(page.status).toBe(200);
      expectSecurityHeaders(page.headers);
      const csp = page.headers['content-security-policy'] as string;
      const inline = (tag: string) => [...page.text.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
      const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
      expect(inline('script')).toHaveLength(1);
      expect(inline('style')).toHaveLength(1);
      expect(csp).toContain(`script-src 'self' ${sha(inline('script')[0])}`);
      expect(csp).toContain(`style-src 'self' ${sha(inline('style')[0])}`);
      expect(csp).not.toContain('unsafe-inline');
      expect(page.text).not.toMatch(/\son[a-z]+=|style="/i);
      // The public directory data stays usable from other sites.
      const data = await t.http.get('/api/public/units');
      expect(data.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(data.headers['access-control-allow-origin']).toBe('*');
    });

    it('keeps the Swagger UI working under the policy: its scripts are files from this origin, and they load', async () => {
      const ui = await t.http.get('/api/docs/').redirects(1);
      expect(ui.status).toBe(200);
      expectSecurityHeaders(ui.headers);
      expect(ui.text).toContain('swagger-ui');
      const scripts = [...ui.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/src="/);
        expect(body.trim()).toBe('');
      }
      for (const src of [...ui.text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1])) {
        const asset = await t.http.get(new URL(src, 'http://x/api/docs/').pathname);
        expect(`${src} ${asset.status}`).toBe(`${src} 200`);
      }
      expect((await t.http.get('/api/docs-json')).body.openapi).toMatch(/^3\./);
    });

    it('answers no CORS to a foreign origin by default', async () => {
      for (const req of [
        t.http.get('/api/health'),
        t.http.get('/api/units').set(bearer(t.adminToken)),
        t.http.options('/api/units').set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization'),
        t.http.post('/api/auth/login').send({ username: 'x', password: 'y' }),
      ]) {
        const res = await req.set('Origin', 'https://evil.example');
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      }
      expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(ConfigError);
      expect(() => loadConfig({ CORS_ORIGINS: 'https://portal.example.gov.cn/path' })).toThrow(ConfigError);
    });

    it('limits request bodies: JSON 2 MB and URL-encoded 100 kB (413 in Chinese); text is not parsed', async () => {
      const admin = bearer(t.adminToken);
      const big = await t.http
        .post('/api/units')
        .set(admin)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(2.2 * 1024 * 1024), kind: 'town' }));
      expectError(big, 413);
      expect(big.body.message).toMatch(/[\u4e00-\u9fa5]/);
      const under = await t.http
        .post('/api/units')
        .set(admin)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(1.5 * 1024 * 1024), kind: 'town' }));
      expectError(under, 400); // parsed, then refused by validation (name too long)
      const form = await t.http
        .post('/api/units')
        .set(admin)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(`name=${'y'.repeat(150 * 1024)}&kind=town`);
      expectError(form, 413);
      expect(form.body.message).toMatch(/[\u4e00-\u9fa5]/);
      const fields = await t.http
        .post('/api/units')
        .set(admin)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(Array.from({ length: 150 }, (_, i) => `f${i}=1`).join('&'));
      expectError(fields, 413);
      expect(fields.body.message).toBe('表单参数过多');
      const text = await t.http
        .post('/api/units')
        .set(admin)
        .set('Content-Type', 'text/plain')
        .send('z'.repeat(3 * 1024 * 1024));
      expectError(text, 400);
    });

    it('checks uploads: size (413), content type of the file (400) and of the form (415), field names and counts — all in Chinese', async () => {
      const s = await startApp(kind, { UPLOAD_MAX_BYTES: '4096', CORS_ORIGINS: 'https://portal.example.gov.cn', WEB_DIR: webDir });
      try {
        const admin = bearer(s.adminToken);
        const upload = () => s.http.post('/api/accounts/import').set(admin);
        const chinese = (res: { body: { message: string } }) => expect(res.body.message).toMatch(/^[^A-Za-z]*[\u4e00-\u9fa5]/);
        const tooBig = await upload().attach('file', Buffer.alloc(5000, 0x41), 'ledger.csv');
        expectError(tooBig, 413);
        chinese(tooBig);
        const png = await upload().attach('file', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]), 'ledger.png');
        expectError(png, 400);
        chinese(png);
        const wrongField = await upload().attach('upload', Buffer.from('a,b\n'), 'ledger.csv');
        expectError(wrongField, 400);
        chinese(wrongField);
        const manyFields = upload();
        for (let i = 0; i < 25; i++) manyFields.field(`f${i}`, 'x');
        const tooMany = await manyFields.attach('file', Buffer.from('a,b\n'), 'ledger.csv');
        expectError(tooMany, 400);
        chinese(tooMany);
        const twoFiles = await upload().attach('file', Buffer.from('a\n'), 'a.csv').attach('file', Buffer.from('b\n'), 'b.csv');
        expectError(twoFiles, 400);
        chinese(twoFiles);
        const mixed = await upload().set('Content-Type', 'multipart/mixed; boundary=abc').send('--abc\r\nContent-Type: text/plain\r\n\r\nx\r\n--abc--\r\n');
        expectError(mixed, 415);
        chinese(mixed);
        const posts = await s.http.post('/api/accounts/1/posts/import').set(admin).attach('file', Buffer.alloc(5000, 0x41), 'posts.csv');
        expect([404, 413]).toContain(posts.status);

        // CORS opens for a listed origin only (and the directory API keeps its own `*`).
        const listed = await s.http.get('/api/units').set(admin).set('Origin', 'https://portal.example.gov.cn');
        expect(listed.headers['access-control-allow-origin']).toBe('https://portal.example.gov.cn');
        const preflight = await s.http
          .options('/api/units')
          .set('Origin', 'https://portal.example.gov.cn')
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization,content-type');
        expect(preflight.status).toBe(204);
        expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/i);
        for (const origin of ['https://evil.example', 'https://portal.example.gov.cn.evil.example', 'http://portal.example.gov.cn']) {
          expect((await s.http.get('/api/units').set(admin).set('Origin', origin)).headers['access-control-allow-origin']).toBeUndefined();
        }
        expect((await s.http.get('/api/public/units').set('Origin', 'https://evil.example')).headers['access-control-allow-origin']).toBe('*');

        // The admin UI's static files carry the same headers.
        for (const p of ['/', '/assets/app.js', '/accounts/1']) {
          const res = await s.http.get(p);
          expect(`${p} ${res.status}`).toBe(`${p} 200`);
          expectSecurityHeaders(res.headers);
        }
      } finally {
        await s.close();
      }
    });
  });

  // A built-looking admin UI for the static-file checks above.
  const webDir = mkdtempSync(path.join(tmpdir(), 'registry-security-web-'));
  beforeAll(() => {
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>',
    );
    writeFileSync(path.join(webDir, 'assets', 'app.js'), 'document.getElementById("root").textContent = "ok";');
  });
  afterAll(() => rmSync(webDir, { recursive: true, force: true }));

  // ------------------------------------------------------------------------------------------
  describe('outbound private-address guard', () => {
    /** The same three spellings of "this machine" for every kind of target. */
    const hosts = () => ['127.0.0.1', 'localhost', 'inner.rebind.test'];

    /** Sets up one target of every kind on `app` pointing at `host`, sends to/polls/checks all of them. */
    async function reachEverything(
      app: TestApp,
      fx: Fixture,
      host: string,
    ): Promise<{ deliveries: { kind: string; status: string; lastError: string | null }[]; sources: number[]; columnId: number }> {
      const origin = `http://${host}:${sink.port}`;
      const admin = bearer(app.adminToken);
      const [feed, wechat, weibo] = [
        ...(await ledgerAccounts(app, fx.unitA.name, '抖音', 1)),
        ...(await ledgerAccounts(app, fx.unitA.name, '微信公众号', 1)),
        ...(await ledgerAccounts(app, fx.unitA.name, '微博', 1)),
      ];
      await putSource(app, feed, { kind: 'feed', url: `${origin}/feed.xml` });
      await putSource(app, wechat, { kind: 'wechat_api', appId: 'wxguard', appSecret: 'guard-secret', baseUrl: origin });
      await putSource(app, weibo, { kind: 'weibo_api', uid: '1234567890', accessToken: 'guard-token', baseUrl: origin });
      await pollNow(app, [feed, wechat, weibo]);

      const column = await app.http
        .post(`/api/accounts/${feed}/columns`)
        .set(admin)
        .send({ name: '栏目', url: `${origin}/column` });
      expect(column.status).toBe(201);
      const run = await app.http
        .post('/api/link-checks')
        .set(admin)
        .send({ columnIds: [column.body.id] });
      expect(run.status).toBe(202);
      for (let i = 0; ; i++) {
        const state = await app.http.get(`/api/link-checks/${run.body.id}`).set(admin);
        if (state.body.status === 'done' || state.body.status === 'failed') break;
        if (i > 400) throw new Error(`link check did not finish: ${JSON.stringify(state.body)}`);
        await sleep(25);
      }

      const deliveries = [];
      for (const kindOfChannel of ['webhook', 'wecom', 'dingtalk', 'feishu', 'email']) {
        const target = kindOfChannel === 'email' ? 'duty@example.gov.cn' : `${origin}/hook-${kindOfChannel}?key=k`;
        const channel = await app.http
          .post('/api/alert-channels')
          .set(admin)
          .send({ name: `${kindOfChannel}-${host}`, kind: kindOfChannel, target });
        expect(channel.status).toBe(201);
        const delivery = await app.http.post(`/api/alert-channels/${channel.body.id}/test`).set(admin);
        expect(delivery.status).toBe(200);
        deliveries.push({ kind: kindOfChannel, status: delivery.body.status, lastError: delivery.body.lastError });
      }
      return { deliveries, sources: [feed, wechat, weibo], columnId: column.body.id };
    }

    it('with the guard on (the default), no feed, platform API, column link, webhook, robot or SMTP request reaches 127.0.0.1, however it is spelt', async () => {
      for (const host of hosts()) {
        sink.hits.length = 0;
        const before = smtp.connections();
        const { deliveries, sources, columnId } = await reachEverything(t, f, host);
        expect({ host, hits: sink.hits, smtp: smtp.connections() - before }).toEqual({ host, hits: [], smtp: 0 });
        for (const d of deliveries) {
          expect(d).toMatchObject({ status: 'failed' });
          expect(`${d.kind}: ${d.lastError}`).toMatch(/内网\/保留地址/);
        }
        // The sources and the column say why.
        for (const id of sources) {
          const source = (await t.http.get(`/api/accounts/${id}/source`).set(bearer(t.adminToken))).body;
          expect(source).toMatchObject({ lastErrorKind: 'config', lastError: expect.stringMatching(/内网\/保留地址/) });
        }
        const column = (await t.http.get(`/api/columns/${columnId}`).set(bearer(t.adminToken))).body;
        expect(column.health).toBe('unverifiable');
      }
    });

    it('(control) with *_ALLOW_PRIVATE=true the very same targets are reached, so the test above can fail', async () => {
      const c = await startApp(kind, {
        LINK_CHECK_ALLOW_PRIVATE: 'true',
        SOURCE_ALLOW_PRIVATE: 'true',
        ALERT_ALLOW_PRIVATE: 'true',
        SMTP_HOST: 'mail.rebind.test',
        SMTP_PORT: String(smtp.port),
        ALERT_DELIVERY_RETRIES: '0',
        ALERT_DELIVERY_TIMEOUT_MS: '2000',
        SOURCE_TIMEOUT_MS: '2000',
        LINK_CHECK_RETRIES: '0',
        LINK_CHECK_MIN_GAP_MS: '0',
        LINK_CHECK_CONFIRM_DELAY_MS: '0',
      });
      try {
        const fc = await seedFixture(c);
        sink.hits.length = 0;
        const before = smtp.connections();
        const { deliveries } = await reachEverything(c, fc, 'inner.rebind.test');
        const paths = sink.hits.map((h) => h.split(' ')[1].split('?')[0]);
        expect(paths).toEqual(
          expect.arrayContaining([
            '/feed.xml',
            '/cgi-bin/stable_token',
            '/2/statuses/user_timeline/other.json',
            '/column',
            '/hook-webhook',
            '/hook-wecom',
            '/hook-dingtalk',
            '/hook-feishu',
          ]),
        );
        expect(smtp.connections() - before).toBeGreaterThan(0);
        expect(deliveries.filter((d) => d.kind !== 'email').every((d) => d.status === 'sent')).toBe(true);
        expect(deliveries.find((d) => d.kind === 'email')!.status).toBe('sent');

        // Alert deliveries never follow redirects: a 302 to another address is a failure, and nothing is sent there.
        sink.hits.length = 0;
        const hop = `http://127.0.0.1:${sink.port}/landing`;
        const channel = await c.http
          .post('/api/alert-channels')
          .set(bearer(c.adminToken))
          .send({ name: '跳转', kind: 'webhook', target: `${sink.origin}/redirect?to=${encodeURIComponent(hop)}` });
        const delivery = await c.http.post(`/api/alert-channels/${channel.body.id}/test`).set(bearer(c.adminToken));
        expect(delivery.body).toMatchObject({ status: 'failed', lastError: expect.stringContaining('302') });
        expect(sink.hits.map((h) => h.split(' ')[1].split('?')[0])).toEqual(['/redirect']);
      } finally {
        await c.close();
      }
    });

    it('refuses a name whose DNS answer mixes a public and a private address (rebinding), before connecting', async () => {
      mockDnsAnswers.set('mixed.rebind.test', ['203.0.113.9', '127.0.0.1']);
      sink.hits.length = 0;
      const client = new SourceHttpClient({ allowPrivate: false, timeoutMs: 1000, maxBytes: 1024 * 1024 });
      await expect(client.request({ url: `http://mixed.rebind.test:${sink.port}/feed.xml` })).rejects.toMatchObject({ kind: 'config', code: 'blocked' });
      await expect(postJson(`http://mixed.rebind.test:${sink.port}/hook`, {}, { allowPrivate: false, timeoutMs: 1000 })).rejects.toMatchObject({ code: 'EADDRBLOCKED' });
      await expect(connectGuarded('mixed.rebind.test', smtp.port, { allowPrivate: false, timeoutMs: 1000 })).rejects.toMatchObject({ code: 'EADDRBLOCKED' });
      await expect(connectGuarded('127.0.0.1', smtp.port, { allowPrivate: false, timeoutMs: 1000 })).rejects.toMatchObject({ code: 'EADDRBLOCKED' });
      await expect(connectGuarded('::ffff:127.0.0.1', smtp.port, { allowPrivate: false, timeoutMs: 1000 })).rejects.toMatchObject({ code: 'EADDRBLOCKED' });
      const linkChecker = new LinkChecker({ allowPrivate: false, retries: 0, minGapMs: 0, timeoutMs: 1000, connectTimeoutMs: 1000 });
      try {
        const result = await linkChecker.check(`http://mixed.rebind.test:${sink.port}/column`);
        expect(result.health).not.toBe('ok');
      } finally {
        linkChecker.close();
      }
      expect(sink.hits).toEqual([]);
      mockDnsAnswers.delete('mixed.rebind.test');
    });

    it('refuses a redirect from an allowed-looking host to a private address (feeds and platform APIs, column links)', async () => {
      const targets = [
        `http://127.0.0.1:${sink.port}/landing`,
        `http://localhost:${sink.port}/landing`,
        `http://inner.rebind.test:${sink.port}/landing`,
        `http://[::ffff:7f00:1]:${sink.port}/landing`,
      ];
      // The first hop is answered as a public site would (a 302); what follows is the real client.
      const sourceClient = (allowPrivate: boolean, location: string) => {
        const client = new SourceHttpClient({ allowPrivate, timeoutMs: 1000, maxBytes: 1024 * 1024 });
        const axios = (client as unknown as { axios: { request: (config: { url: string }) => Promise<unknown> } }).axios;
        const real = axios.request.bind(axios);
        axios.request = (config: { url: string }) =>
          new URL(config.url).hostname === 'feeds.example.gov.cn' ? Promise.resolve({ status: 302, headers: { location }, data: new ArrayBuffer(0) }) : real(config);
        return client;
      };
      const linkChecker = (allowPrivate: boolean, location: string) => {
        const checker = new LinkChecker({ allowPrivate, retries: 0, minGapMs: 0, timeoutMs: 1000, connectTimeoutMs: 1000 });
        const transport = (checker as unknown as { transport: { send: (url: URL, method: string, signal?: AbortSignal) => Promise<unknown> } }).transport;
        const real = transport.send.bind(transport);
        transport.send = (url: URL, method: string, signal?: AbortSignal) =>
          url.hostname === 'www.example.gov.cn' ? Promise.resolve({ status: 302, headers: { location }, body: Buffer.alloc(0), truncated: false }) : real(url, method, signal);
        return checker;
      };
      for (const target of targets) {
        sink.hits.length = 0;
        const error = await sourceClient(false, target)
          .request({ url: 'https://feeds.example.gov.cn/rss.xml' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SourceError);
        expect(error).toMatchObject({ kind: 'config', code: 'blocked' });
        const checker = linkChecker(false, target);
        try {
          const result = await checker.check('https://www.example.gov.cn/lanmu/');
          expect(result.health).not.toBe('ok');
        } finally {
          checker.close();
        }
        expect({ target, hits: sink.hits }).toEqual({ target, hits: [] });
      }
      // Control: allowed, the same redirects do arrive.
      sink.hits.length = 0;
      const followed = (await sourceClient(true, targets[2]).request({ url: 'https://feeds.example.gov.cn/rss.xml' })) as { status: number };
      expect(followed.status).toBe(200);
      expect(sink.hits).toEqual(['GET /landing']);
      const checker = linkChecker(true, targets[2]);
      try {
        await checker.check('https://www.example.gov.cn/lanmu/');
      } finally {
        checker.close();
      }
      expect(sink.hits.length).toBeGreaterThanOrEqual(2);
    });
  });

  // ------------------------------------------------------------------------------------------
  describe('audit log', () => {
    it('has no way to change or remove an entry: no route, no service method', async () => {
      const routes: { path: string; methods: string[] }[] = [];
      const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
      for (const layer of router.stack) if (layer.route) routes.push({ path: String(layer.route.path), methods: Object.keys(layer.route.methods) });
      expect(routes.length).toBeGreaterThan(60);
      const auditRoutes = routes.filter((r) => /audit|history/i.test(r.path));
      expect(auditRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/accounts/:id/history']));
      for (const route of auditRoutes) expect({ path: route.path, methods: route.methods }).toEqual({ path: route.path, methods: ['get'] });
      const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
      for (const [p, ops] of Object.entries(doc.paths))
        if (/audit|history/i.test(p)) expect(Object.keys(ops).filter((m) => ['put', 'patch', 'delete', 'post'].includes(m))).toEqual([]);
      expect(Object.getOwnPropertyNames(AuditService.prototype).sort()).toEqual(['constructor', 'history', 'record']);
    });

    it('records who, when, what changed and the client address of every change', async () => {
      const admin = bearer(t.adminToken);
      const account = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'kuaishou', name: `审计${uniqueTag()}` });
      const before = Date.now();
      const edited = await t.http
        .patch(`/api/accounts/${account.id}`)
        .set(admin)
        .set('X-Forwarded-For', '198.51.100.23')
        .send({ name: `${account.name}改` });
      expect(edited.status).toBe(200);
      const history = (await t.http.get(`/api/accounts/${account.id}/history`).set(admin)).body as Record<string, any>[];
      expect(history[0]).toMatchObject({ action: 'create', actor: { username: f.operatorA.username }, clientIp: '127.0.0.1' });
      const update = history[history.length - 1];
      expect(update).toMatchObject({
        action: 'update',
        actor: { username: ADMIN.username },
        clientIp: '198.51.100.23',
        changes: { name: { from: account.name, to: `${account.name}改` } },
      });
      expect(new Date(update.recordedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
      const [row] = await t.app
        .get(DataSource)
        .query(`SELECT client_ip AS ip, actor_username AS who FROM audit_entries WHERE subject_type = 'account' AND subject_id = '${account.id}' AND action = 'update'`);
      expect(row).toEqual({ ip: '198.51.100.23', who: ADMIN.username });
    });
  });
});
