import { JwtService } from '@nestjs/jwt';
import { ADMIN, bearer, databasesUnderTest, JWT_SECRET, startApp, TestApp } from './support/app';

/**
 * Every route the application serves, read from its own OpenAPI document (generated from the
 * controllers, so a new endpoint cannot slip past), must refuse requests without a valid
 * token — except the few that are public by design.
 */
const PUBLIC_ROUTES = [/^\/api\/auth\/login$/, /^\/api\/health$/, /^\/api\/public\//];

interface Route {
  method: string;
  path: string;
}

/** `/api/accounts/{id}/columns` → `/api/accounts/1/columns` (any id: auth comes before lookup). */
function concrete(path: string): string {
  return path.replace(/\{[^}]+\}/g, '1');
}

describe.each(databasesUnderTest())('route table: authentication (%s)', (kind) => {
  let t: TestApp;
  let routes: Route[];
  beforeAll(async () => {
    t = await startApp(kind);
    const doc = await t.http.get('/api/docs-json');
    expect(doc.status).toBe(200);
    routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((method) => ({ method, path })),
    );
  });
  afterAll(() => t.close());

  const isPublic = (route: Route) => PUBLIC_ROUTES.some((re) => re.test(route.path));
  const send = (route: Route, headers: Record<string, string> = {}) => {
    const request = (t.http as unknown as Record<string, (url: string) => import('supertest').Test>)[route.method](concrete(route.path));
    return request.set(headers);
  };

  it('finds the application’s routes in its own OpenAPI document', () => {
    // Sanity: the document covers the registry, monitoring and reporting controllers.
    const paths = new Set(routes.map((r) => r.path));
    for (const p of [
      '/api/accounts',
      '/api/accounts/{id}/transitions',
      '/api/platforms',
      '/api/units',
      '/api/users',
      '/api/columns',
      '/api/polls',
      '/api/repost-tasks',
      '/api/findings',
      '/api/reports/quarterly',
    ]) {
      expect(paths).toContain(p);
    }
    expect(routes.length).toBeGreaterThan(60);
  });

  it('answers 401 on every non-public route without a token, with a tampered one and with an expired one', async () => {
    const admin = await t.http.get('/api/auth/me').set(bearer(t.adminToken));
    expect(admin.body.username).toBe(ADMIN.username);
    const jwt = new JwtService({ secret: JWT_SECRET });
    const expired = jwt.sign({ sub: admin.body.id, exp: Math.floor(Date.now() / 1000) - 60 });
    const [header, payload] = t.adminToken.split('.');
    const tampered = `${header}.${payload}.${'x'.repeat(43)}`;
    const forged = new JwtService({ secret: 'not-the-secret' }).sign({ sub: admin.body.id });
    const failures: string[] = [];
    for (const route of routes.filter((r) => !isPublic(r))) {
      for (const [label, headers] of [
        ['none', {}],
        ['tampered', bearer(tampered)],
        ['expired', bearer(expired)],
        ['forged', bearer(forged)],
        ['malformed', { Authorization: 'Token abc' }],
      ] as const) {
        const res = await send(route, headers);
        if (res.status !== 401 || typeof res.body.message !== 'string') failures.push(`${route.method.toUpperCase()} ${route.path} (${label}) → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('serves the public routes without a token and never with a 500', async () => {
    const publicRoutes = routes.filter(isPublic);
    expect(publicRoutes.length).toBeGreaterThan(3);
    for (const route of publicRoutes) {
      const res = await send(route);
      expect([200, 202, 204, 304, 400, 401, 404, 429]).toContain(res.status);
      if (route.path === '/api/auth/login') expect(res.status).toBe(400);
    }
  });
});
