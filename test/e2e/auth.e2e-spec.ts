import { JwtService } from '@nestjs/jwt';
import { ADMIN, bearer, databasesUnderTest, JWT_SECRET, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture, totals, uniqueTag } from './support/fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every route that needs a login, with a body that would be accepted by the admin. */
function protectedRoutes(unitId: number): [method: 'get' | 'post' | 'patch', path: string, body?: object][] {
  return [
    ['get', '/api/auth/me'],
    ['get', '/api/overview'],
    ['get', '/api/users'],
    ['get', '/api/users/1'],
    ['post', '/api/users', { username: `intruder_${uniqueTag()}`, password: 'Password#1', role: 'admin' }],
    ['patch', '/api/users/1', { displayName: '入侵者' }],
    ['get', '/api/units'],
    ['get', `/api/units/${unitId}`],
    ['post', '/api/units', { name: `入侵单位${uniqueTag()}`, kind: 'town' }],
    ['patch', `/api/units/${unitId}`, { contactName: '入侵者' }],
    ['post', `/api/units/${unitId}/abolish`, { reason: '入侵' }],
    ['get', '/api/accounts'],
    ['post', '/api/accounts', { unitId, platform: 'other', name: '入侵账号', justification: '入侵' }],
    ['get', '/api/accounts/1'],
    ['patch', '/api/accounts/1', { name: '入侵' }],
    ['post', '/api/accounts/1/transitions', { action: 'reject', reason: '入侵' }],
    ['get', '/api/accounts/1/history'],
    ['get', '/api/accounts/import/template'],
    ['post', '/api/accounts/import'],
  ];
}

describe.each(databasesUnderTest())('authentication (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, client?: string) => {
    const req = t.http.post('/api/auth/login');
    if (client) req.set('X-Forwarded-For', client);
    return req.send({ username, password });
  };

  it('logs in with the right password and never returns the password hash', async () => {
    const res = await login(ADMIN.username, ADMIN.password);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), user: expect.objectContaining({ username: ADMIN.username, role: 'admin', disabled: false }) });
    expect(Object.keys(res.body.user).join(',')).not.toMatch(/password/i);
    expect(JSON.stringify(res.body)).not.toMatch(/\$2[aby]\$/);
    const me = await t.http.get('/api/auth/me').set(bearer(res.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: res.body.user.id, username: ADMIN.username, role: 'admin' });
    expect(JSON.stringify(me.body)).not.toMatch(/password|\$2[aby]\$/i);
  });

  it('refuses a wrong password or an unknown user with the same Chinese 401', async () => {
    const wrong = await login(ADMIN.username, 'not-the-password', '198.51.100.1');
    expectError(wrong, 401);
    expect(wrong.body.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(wrong.body).not.toHaveProperty('accessToken');
    const unknown = await login('nobody_here', 'whatever-password', '198.51.100.1');
    expectError(unknown, 401);
    expect(unknown.body.message).toBe(wrong.body.message);
    expectError(await t.http.post('/api/auth/login').send({ username: ADMIN.username }), 400);
  });

  it('after 5 failures for one username from one client answers 429, even to the right password', async () => {
    const client = '203.0.113.7';
    for (let i = 0; i < 5; i++) expectError(await login(ADMIN.username, `wrong-${i}-password`, client), 401);
    const locked = await login(ADMIN.username, ADMIN.password, client);
    expectError(locked, 429);
    expect(locked.body).not.toHaveProperty('accessToken');
    expect(locked.body.message).toMatch(/[\u4e00-\u9fa5]/);
    // Other clients and other usernames are not locked out.
    expect((await login(ADMIN.username, ADMIN.password, '203.0.113.8')).status).toBe(200);
    const reviewer = (await t.http.get('/api/auth/me').set(bearer(f.reviewerToken))).body.username;
    expect((await login(reviewer, 'Password#1', client)).status).toBe(200);
  });

  it('lets the client in again once the failure window has passed', async () => {
    const short = await startApp(kind, { LOGIN_MAX_FAILURES: '2', LOGIN_FAILURE_WINDOW_SECONDS: '5' });
    try {
      const attempt = (password: string) => short.http.post('/api/auth/login').send({ username: ADMIN.username, password });
      expectError(await attempt('wrong-password-1'), 401);
      expectError(await attempt('wrong-password-2'), 401);
      expectError(await attempt(ADMIN.password), 429);
      // A 5 s window: hashing three passwords on a loaded 2-core machine must not outlast it.
      await sleep(5200);
      expect((await attempt(ADMIN.password)).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  describe('every protected route answers 401 without a valid token of an enabled user', () => {
    const signer = new JwtService({ secret: JWT_SECRET });
    const tamper = (token: string) => {
      // Keep the viewer's signature, claim to be user 1 (the admin).
      const [header, , signature] = token.split('.');
      const payload = Buffer.from(JSON.stringify({ sub: 1, username: 'admin', role: 'admin', iat: Math.floor(Date.now() / 1000) })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    };
    const unsigned = () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":1}').toString('base64url')}.`;
    const credentials: [string, () => Promise<Record<string, string>>][] = [
      ['no token', async () => ({})],
      ['a malformed header', async () => ({ Authorization: `Token ${t.adminToken}` })],
      ['a tampered token', async () => bearer(tamper(f.viewerToken))],
      ['an unsigned (alg none) token', async () => bearer(unsigned())],
      ['a token signed with another secret', async () => bearer(new JwtService({ secret: 'another-secret-0123456789' }).sign({ sub: 1 }))],
      ['an expired token', async () => bearer(signer.sign({ sub: 1 }, { expiresIn: -10 }))],
      ['a token for a user that does not exist', async () => bearer(signer.sign({ sub: 999999 }))],
      [
        "a disabled user's token",
        async () => {
          const username = `leaver_${uniqueTag()}`;
          const created = await t.http.post('/api/users').set(bearer(t.adminToken)).send({ username, password: 'Password#1', role: 'admin' });
          const token = await t.login(username, 'Password#1');
          expect((await t.http.get('/api/auth/me').set(bearer(token))).status).toBe(200);
          const disabled = await t.http.patch(`/api/users/${created.body.id}`).set(bearer(t.adminToken)).send({ disabled: true });
          expect(disabled.body.disabled).toBe(true);
          expectError(await login(username, 'Password#1'), 401);
          return bearer(token);
        },
      ],
    ];

    it.each(credentials)('%s', async (_label, headers) => {
      const auth = await headers();
      const before = await totals(t);
      for (const [method, path, body] of protectedRoutes(f.unitA.id)) {
        const req = t.http[method](path).set(auth);
        const res = body ? await req.send(body) : await req;
        try {
          expectError(res, 401);
        } catch (error) {
          throw new Error(`${method.toUpperCase()} ${path}: ${(error as Error).message}`, { cause: error });
        }
      }
      expect(await totals(t)).toEqual(before);
      const unit = await t.http.get(`/api/units/${f.unitA.id}`).set(bearer(t.adminToken));
      expect(unit.body).toMatchObject({ status: 'active', contactName: null });
    });
  });

  it('reports health without a login', async () => {
    const res = await t.http.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', db: 'up', queue: 'up' });
  });

  it('serves the OpenAPI description without a login', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/accounts', '/api/accounts/{id}/transitions', '/api/auth/login', '/api/units']));
    expect(res.body.paths['/api/accounts/{id}/transitions'].post).toBeDefined();
  });
});
