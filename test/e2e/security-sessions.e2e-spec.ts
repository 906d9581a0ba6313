/**
 * Security rules (v1.1) of api.md, second part: alert-channel targets are shown masked (a
 * Slack-style webhook's path is its secret), a password change or an admin's reset ends every
 * earlier session of that user (`POST /api/auth/password`), findings scans are office work, and
 * tokens are HS256 only. See SECURITY.md.
 */
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { AlertChannel } from '../../src/modules/alerts/alert-channel.entity';
import { AuditService } from '../../src/modules/audit/audit.service';
import { ADMIN, bearer, databasesUnderTest, JWT_SECRET, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

const CHINESE = /[\u4e00-\u9fff]/;
const SLACK_HOOK = 'https://hooks.example.com/services/T000/B000/SECRET';
const SLACK_SHOWN = 'https://hooks.example.com/services/***';

/** The payload of a token, as the server wrote it. */
function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

function header(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
}

describe.each(databasesUnderTest())('security: sessions, masked targets, scans, token algorithm (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  /** A fresh user of `role` (operators in unit A) with a password of their own. */
  const newUser = async (role: string, password = 'Password#1') => {
    const username = `sess_${role}_${uniqueTag()}`;
    const res = await t.http
      .post('/api/users')
      .set(bearer(t.adminToken))
      .send({ username, password, role, ...(role === 'operator' ? { unitId: f.unitA.id } : {}) });
    expect(res.status).toBe(201);
    return { id: res.body.id as number, username, password };
  };
  const me = (token: string) => t.http.get('/api/auth/me').set(bearer(token));
  const loginStatus = async (username: string, password: string) => (await t.http.post('/api/auth/login').send({ username, password })).status;

  describe('alert-channel targets are shown masked', () => {
    it('masks a Slack-style webhook path in the create answer, the list and the detail, and never shows the secret path', async () => {
      const admin = bearer(t.adminToken);
      const created = await t.http
        .post('/api/alert-channels')
        .set(admin)
        .send({ name: `Slack${uniqueTag()}`, kind: 'webhook', target: SLACK_HOOK, secret: 'hmacKEY' });
      expect(created.status).toBe(201);
      const wecom = await t.http
        .post('/api/alert-channels')
        .set(admin)
        .send({ name: `企业微信${uniqueTag()}`, kind: 'wecom', target: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=WECOMkey123' });
      expect(wecom.status).toBe(201);
      const answers = [
        created,
        await t.http.get('/api/alert-channels?pageSize=200').set(admin),
        await t.http.get(`/api/alert-channels/${created.body.id}`).set(admin),
        await t.http.get(`/api/alert-channels/${created.body.id}`).set(bearer(f.reviewerToken)),
        await t.http.get(`/api/alert-channels/${created.body.id}/deliveries`).set(admin),
      ];
      expect(created.body.target).toBe(SLACK_SHOWN);
      expect(answers[1].body.items.find((c: { id: number }) => c.id === created.body.id).target).toBe(SLACK_SHOWN);
      expect(answers[1].body.items.find((c: { id: number }) => c.id === wecom.body.id).target).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***');
      expect(answers[2].body.target).toBe(SLACK_SHOWN);
      expect(answers[3].body.target).toBe(SLACK_SHOWN);
      for (const res of answers) {
        expect(res.status).toBeLessThan(300);
        for (const secret of ['T000', 'B000', '/SECRET', 'WECOMkey123', 'hmacKEY']) expect(res.text).not.toContain(secret);
      }
      // Nor is it readable in the display column, nor in the audit trail of the channel.
      const row = await t.app.get(DataSource).getRepository(AlertChannel).findOneByOrFail({ id: created.body.id });
      expect(row.target).toBe(SLACK_SHOWN);
      const audit = JSON.stringify(await t.app.get(AuditService).history('alert_channel', created.body.id));
      expect(audit).toContain('create');
      for (const secret of ['T000', 'B000', 'SECRET', 'hmacKEY']) expect(audit).not.toContain(secret);
    });

    it('masks a display copy stored under the older, weaker rule when it is shown', async () => {
      const admin = bearer(t.adminToken);
      const created = await t.http
        .post('/api/alert-channels')
        .set(admin)
        .send({ name: `旧通道${uniqueTag()}`, kind: 'webhook', target: 'https://hooks.example.com/services/T111/B111/OLDSECRET' });
      expect(created.status).toBe(201);
      // What the display column held before: the path shown in full.
      await t.app.get(DataSource).getRepository(AlertChannel).update(created.body.id, { target: 'https://hooks.example.com/services/T111/B111/OLDSECRET' });
      const detail = await t.http.get(`/api/alert-channels/${created.body.id}`).set(admin);
      expect(detail.body.target).toBe(SLACK_SHOWN);
      const listed = await t.http.get('/api/alert-channels?pageSize=200').set(admin);
      expect(listed.text).not.toContain('OLDSECRET');
      expect(listed.text).not.toContain('T111');
    });
  });

  describe('a password change ends every earlier session', () => {
    it('refuses the old tokens (401) after an admin resets the password; a fresh login works', async () => {
      const user = await newUser('operator');
      const first = await t.login(user.username, user.password);
      const second = await t.login(user.username, user.password);
      expect((await me(first)).status).toBe(200);
      const reset = await t.http.patch(`/api/users/${user.id}`).set(bearer(t.adminToken)).send({ password: 'Reset#2024x' });
      expect(reset.status).toBe(200);
      for (const old of [first, second]) {
        const res = await me(old);
        expectError(res, 401);
        expect(res.body.message).toMatch(CHINESE);
        expectError(await t.http.get('/api/accounts').set(bearer(old)), 401);
      }
      expect(await loginStatus(user.username, user.password)).toBe(401);
      const fresh = await t.login(user.username, 'Reset#2024x');
      expect((await me(fresh)).body).toMatchObject({ id: user.id, username: user.username });
      // The admin's own session is untouched.
      expect((await me(t.adminToken)).status).toBe(200);
      // A change that is not a password keeps the sessions.
      expect((await t.http.patch(`/api/users/${user.id}`).set(bearer(t.adminToken)).send({ displayName: '改名不踢人' })).status).toBe(200);
      expect((await me(fresh)).status).toBe(200);
      // Each token names the version it was issued under.
      expect(claims(fresh).tv).toBe((claims(first).tv as number) + 1);
    });

    it('lets any user change their own password (204); every token issued before stops working, a fresh login works', async () => {
      for (const role of ['viewer', 'operator', 'reviewer', 'admin']) {
        const user = await newUser(role);
        const other = await t.login(user.username, user.password);
        const token = await t.login(user.username, user.password);
        const res = await t.http.post('/api/auth/password').set(bearer(token)).send({ currentPassword: user.password, newPassword: 'Changed#2024y' });
        expect({ role, status: res.status }).toEqual({ role, status: 204 });
        for (const old of [token, other]) expectError(await me(old), 401);
        expect(await loginStatus(user.username, user.password)).toBe(401);
        const fresh = await t.login(user.username, 'Changed#2024y');
        expect((await me(fresh)).body).toMatchObject({ id: user.id, role });

        // The history records the change, never the password or its hash.
        const entries = await t.app.get(AuditService).history('user', user.id);
        const change = entries.find((e) => e.action === 'change_password');
        expect(change).toMatchObject({ actorId: user.id, actorUsername: user.username });
        const text = JSON.stringify(entries);
        for (const secret of [user.password, 'Changed#2024y', '$2a$', '$2b$']) expect(text).not.toContain(secret);
      }
    });

    it('refuses a wrong current password (400, in Chinese) and changes nothing', async () => {
      const user = await newUser('viewer');
      const token = await t.login(user.username, user.password);
      const res = await t.http.post('/api/auth/password').set(bearer(token)).send({ currentPassword: 'Wrong#Pass1', newPassword: 'Changed#2024z' });
      expectError(res, 400);
      expect(res.body.message).toMatch(CHINESE);
      expect(res.body.message).toContain('当前密码');
      expect((await me(token)).status).toBe(200);
      expect(await loginStatus(user.username, 'Changed#2024z')).toBe(401);
      expect(await loginStatus(user.username, user.password)).toBe(200);
      expect((await t.app.get(AuditService).history('user', user.id)).some((e) => e.action === 'change_password')).toBe(false);
    });

    it('refuses a weak or unchanged new password (400, in Chinese) and a missing field, and changes nothing', async () => {
      const user = await newUser('operator');
      const token = await t.login(user.username, user.password);
      for (const body of [
        { currentPassword: user.password, newPassword: 'short' },
        { currentPassword: user.password, newPassword: 'alllowercaseletters' },
        { currentPassword: user.password, newPassword: `X#1${user.username}` },
        { currentPassword: user.password, newPassword: user.password },
        { currentPassword: user.password },
        { newPassword: 'Changed#2024w' },
      ]) {
        const res = await t.http.post('/api/auth/password').set(bearer(token)).send(body);
        expectError(res, 400);
        expect(res.body.message).toMatch(CHINESE);
      }
      expect((await me(token)).status).toBe(200);
      expect(await loginStatus(user.username, user.password)).toBe(200);
      expectError(await t.http.post('/api/auth/password').send({ currentPassword: user.password, newPassword: 'Changed#2024w' }), 401);
    });

    it('limits guesses of the current password (429 after LOGIN_MAX_FAILURES_PER_USER), without locking the login', async () => {
      const s = await startApp(kind, { LOGIN_MAX_FAILURES_PER_USER: '2' });
      try {
        const change = (currentPassword: string) => s.http.post('/api/auth/password').set(bearer(s.adminToken)).send({ currentPassword, newPassword: 'Changed#2024v' });
        expectError(await change('Wrong#Pass1'), 400);
        expectError(await change('Wrong#Pass2'), 400);
        const refused = await change(ADMIN.password);
        expectError(refused, 429);
        expect(refused.body.message).toMatch(CHINESE);
        // Nothing changed: the session goes on, the password is the old one, and the login is not locked.
        expect((await s.http.get('/api/auth/me').set(bearer(s.adminToken))).status).toBe(200);
        expect((await s.http.post('/api/auth/login').send(ADMIN)).status).toBe(200);
      } finally {
        await s.close();
      }
    });
  });

  describe('findings scans are office work', () => {
    it('gives operators and viewers 403 (in Chinese) on POST /api/findings/scan and GET /api/findings/scans/:id; admin and reviewer may', async () => {
      const scan = await t.http.post('/api/findings/scan?wait=true').set(bearer(t.adminToken));
      expect(scan.status).toBe(202);
      const byReviewer = await t.http.post('/api/findings/scan?wait=true').set(bearer(f.reviewerToken));
      expect(byReviewer.status).toBe(202);
      for (const token of [t.adminToken, f.reviewerToken]) {
        const res = await t.http.get(`/api/findings/scans/${scan.body.id}`).set(bearer(token));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: scan.body.id, status: 'done' });
      }
      for (const token of [f.operatorAToken, f.operatorBToken, f.viewerToken]) {
        for (const res of [await t.http.post('/api/findings/scan').set(bearer(token)), await t.http.get(`/api/findings/scans/${scan.body.id}`).set(bearer(token))]) {
          expectError(res, 403);
          expect(res.body.message).toMatch(CHINESE);
        }
      }
    });
  });

  describe('tokens are HS256 only', () => {
    it('issues HS256 tokens and refuses HS384 and HS512 ones signed with the right secret and a valid payload (401)', async () => {
      expect(header(t.adminToken).alg).toBe('HS256');
      const admin = (await me(t.adminToken)).body;
      expect(admin.username).toBe(ADMIN.username);
      const payload = { sub: admin.id, username: admin.username, role: admin.role, tv: claims(t.adminToken).tv };
      const jwt = new JwtService({ secret: JWT_SECRET });
      const good = jwt.sign(payload, { algorithm: 'HS256', expiresIn: '1h' });
      expect((await me(good)).status).toBe(200);
      for (const algorithm of ['HS384', 'HS512'] as const) {
        const token = jwt.sign(payload, { algorithm, expiresIn: '1h' });
        expect(header(token).alg).toBe(algorithm);
        const res = await me(token);
        expectError(res, 401);
        expect(res.body.message).toMatch(CHINESE);
        expectError(await t.http.get('/api/users').set(bearer(token)), 401);
      }
    });
  });
});
