import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { accountAsAdmin, createAccount, expectError, Fixture, historyOf, seedFixture, totals, uniqueTag } from './support/fixtures';

/** A body to send: JSON built from an object, or raw text sent as application/json. */
type Body = Record<string, unknown> | { raw: string };
type Case = [label: string, body: () => Body, status: number, field?: string];

interface Endpoint {
  name: string;
  method: 'post' | 'patch';
  path: () => string;
  /** A body the endpoint would accept; each case breaks exactly one thing in it. */
  valid: () => Record<string, unknown>;
  /** A text field and the longest value its column holds. */
  text: string;
  column: [field: string, max: number];
  enumField?: string;
  /** The body with a numeric reference field set to `value`. */
  number?: (value: unknown) => Record<string, unknown>;
  /** The numeric field is optional, so null means "none" and is accepted. */
  numberOptional?: true;
  date?: string;
  unknownReference: [label: string, body: () => Body, status: number, path?: () => string];
}

const deepJson = (depth: number) => `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;

function casesFor(e: Endpoint): Case[] {
  const with_ = (patch: Record<string, unknown>) => () => ({ ...e.valid(), ...patch });
  const cases: Case[] = [
    ['malformed JSON (trailing comma)', () => ({ raw: `{"${e.text}": "x",` }), 400],
    ['malformed JSON (single quotes)', () => ({ raw: `{'${e.text}': 'x'}` }), 400],
    ['plain text sent as JSON', () => ({ raw: 'hello' }), 400],
    ['a bare JSON string', () => ({ raw: '"hello"' }), 400],
    ['a JSON array instead of an object', () => ({ raw: '[]' }), 400],
    ['JSON nested 5000 levels deep', () => ({ raw: `{"${e.text}": ${deepJson(5000)}}` }), 400],
    ['an unknown field', with_({ isAdmin: true }), 400, 'isAdmin'],
    [`a number for ${e.text}`, with_({ [e.text]: 42 }), 400, e.text],
    [`a boolean for ${e.text}`, with_({ [e.text]: true }), 400, e.text],
    [`an array for ${e.text}`, with_({ [e.text]: ['x'] }), 400, e.text],
    [`an object for ${e.text}`, with_({ [e.text]: { $ne: null } }), 400, e.text],
    [`null for ${e.text}`, with_({ [e.text]: null }), 400, e.text],
    [`a 1 MB ${e.text}`, with_({ [e.text]: 'x'.repeat(1 << 20) }), 400, e.text],
    [`${e.column[0]} one character over its column`, with_({ [e.column[0]]: '长'.repeat(e.column[1] + 1) }), 400, e.column[0]],
    [`\\u0000 in ${e.text}`, with_({ [e.text]: 'ab\u0000cd' }), 400, e.text],
    [`\\u0007 in ${e.text}`, with_({ [e.text]: 'ab\u0007cd' }), 400, e.text],
    ['a body over 2 MB', with_({ [e.text]: 'x'.repeat(2.2 * (1 << 20)) }), 413],
    [e.unknownReference[0], e.unknownReference[1], e.unknownReference[2]],
  ];
  if (e.enumField) {
    for (const value of ['INVALID', '', 3, null]) cases.push([`${JSON.stringify(value)} for ${e.enumField}`, with_({ [e.enumField]: value }), 400, e.enumField]);
  }
  const number = e.number;
  if (number) {
    const values = ['1', 1.5, 0, -3, [1], { id: 1 }, true, ...(e.numberOptional ? [] : [null])];
    for (const value of values) cases.push([`${JSON.stringify(value)} as an id`, () => number(value), 400]);
  }
  if (e.date) {
    for (const value of ['2023-13-01', '2023-02-30', 'yesterday', '20230101', '2023-07-01 09:00', 1688000000000]) {
      cases.push([`${JSON.stringify(value)} for ${e.date}`, with_({ [e.date]: value }), 400, e.date]);
    }
  }
  return cases;
}

describe.each(databasesUnderTest())('bad input is refused, never a 500 (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let account: { id: number };
  let baseline: { totals: Awaited<ReturnType<typeof totals>>; account: unknown; history: number };
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
    account = await createAccount(t, f.operatorAToken, { unitId: f.unitA.id, platform: 'wechat', name: '甲镇发布' });
    baseline = { totals: await totals(t), account: await accountAsAdmin(t, account.id), history: (await historyOf(t, account.id)).length };
  });
  afterAll(() => t.close());

  const endpoints: Endpoint[] = [
    {
      name: 'POST /api/units',
      method: 'post',
      path: () => '/api/units',
      valid: () => ({ name: `坏输入单位${uniqueTag()}`, kind: 'town' }),
      text: 'name',
      column: ['code', 32],
      enumField: 'kind',
      number: (parentId) => ({ name: `坏输入单位${uniqueTag()}`, kind: 'town', parentId }),
      numberOptional: true,
      unknownReference: ['an unknown parentId', () => ({ name: `坏输入单位${uniqueTag()}`, kind: 'town', parentId: 999999 }), 400],
    },
    {
      name: 'POST /api/accounts',
      method: 'post',
      path: () => '/api/accounts',
      valid: () => ({ unitId: f.unitA.id, platform: 'weibo', name: '坏输入账号', justification: '测试' }),
      text: 'name',
      column: ['operatorPhone', 30],
      enumField: 'platform',
      number: (unitId) => ({ unitId, platform: 'weibo', name: '坏输入账号' }),
      date: 'appliedAt',
      unknownReference: ['an unknown unitId', () => ({ unitId: 999999, platform: 'weibo', name: '坏输入账号' }), 400],
    },
    {
      name: 'PATCH /api/accounts/:id',
      method: 'patch',
      path: () => `/api/accounts/${account.id}`,
      valid: () => ({ name: '改过的名字' }),
      text: 'name',
      column: ['platformAccountId', 128],
      number: (unitId) => ({ unitId }),
      unknownReference: ['an unknown unitId', () => ({ unitId: 999999 }), 400],
    },
    {
      name: 'POST /api/accounts/:id/transitions',
      method: 'post',
      path: () => `/api/accounts/${account.id}/transitions`,
      valid: () => ({ action: 'reject', reason: '测试驳回' }),
      text: 'reason',
      column: ['filingNumber', 64],
      enumField: 'action',
      date: 'at',
      unknownReference: ['an unknown account', () => ({ action: 'reject', reason: '测试驳回' }), 404, () => '/api/accounts/999999/transitions'],
    },
    {
      name: 'POST /api/users',
      method: 'post',
      path: () => '/api/users',
      valid: () => ({ username: `bad_${uniqueTag()}`, password: 'Password#1', role: 'viewer' }),
      text: 'username',
      column: ['displayName', 50],
      enumField: 'role',
      number: (unitId) => ({ username: `bad_${uniqueTag()}`, password: 'Password#1', role: 'operator', unitId }),
      unknownReference: ['an unknown unitId', () => ({ username: `bad_${uniqueTag()}`, password: 'Password#1', role: 'operator', unitId: 999999 }), 400],
    },
  ];

  const send = (method: 'post' | 'patch', path: string, body: Body) => {
    const req = t.http[method](path).set(bearer(t.adminToken));
    return 'raw' in body ? req.set('Content-Type', 'application/json').send(body.raw as string) : req.send(body);
  };

  describe.each(endpoints.map((e) => [e.name, e] as const))('%s', (_name, endpoint) => {
    const cases = casesFor(endpoint).map(([label, body, status, field]) => ({ label, body, status, field }));
    it.each(cases)('refuses $label', async ({ label, body, status, field }) => {
      const path = label === endpoint.unknownReference[0] && endpoint.unknownReference[3] ? endpoint.unknownReference[3]() : endpoint.path();
      const res = await send(endpoint.method, path, body());
      expectError(res, status);
      if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      if (label.startsWith('malformed') || label.startsWith('plain text') || label.startsWith('a bare')) expect(res.body.message).toMatch(/JSON/);
    });
  });

  it('the database is exactly as it was before the battery', async () => {
    expect(await totals(t)).toEqual(baseline.totals);
    expect(await accountAsAdmin(t, account.id)).toEqual(baseline.account);
    expect(await historyOf(t, account.id)).toHaveLength(baseline.history);
  });

  it('accepts each valid body the cases were derived from (so every refusal above was for the one broken thing)', async () => {
    for (const endpoint of endpoints) {
      const res = await send(endpoint.method, endpoint.path(), endpoint.valid());
      expect([endpoint.name, res.status]).toEqual([endpoint.name, endpoint.method === 'post' && !endpoint.name.includes('transitions') ? 201 : 200]);
    }
    expect((await accountAsAdmin(t, account.id)).state).toBe('rejected');
  });

  describe('hostile text that is valid input', () => {
    const hostile = ["Robert'); DROP TABLE accounts;--", '" OR "1"="1', '../../../etc/passwd', '..\\..\\windows\\win.ini', '%00<script>alert(1)</script>', '50%_!'];

    it.each(hostile)('stores %j verbatim as a unit and an account name', async (text) => {
      const unit = await t.http
        .post('/api/units')
        .set(bearer(t.adminToken))
        .send({ name: `${text}${uniqueTag()}`, kind: 'other', contactName: text });
      expect(unit.status).toBe(201);
      expect(unit.body.contactName).toBe(text);
      const created = await createAccount(t, t.adminToken, { unitId: unit.body.id, platform: 'other', name: text, operatorName: text });
      expect(await accountAsAdmin(t, created.id)).toMatchObject({ name: text, operatorName: text, unitName: unit.body.name });
      const found = await t.http.get(`/api/accounts?q=${encodeURIComponent(text)}`).set(bearer(t.adminToken));
      expect(found.status).toBe(200);
      expect(found.body.items.map((a: { id: number }) => a.id)).toContain(created.id);
      expect(found.body.items.every((a: { name: string; operatorName: string | null }) => `${a.name}\n${a.operatorName}`.toLowerCase().includes(text.toLowerCase()))).toBe(true);
    });

    it('treats injection in search and ids as plain text', async () => {
      const admin = bearer(t.adminToken);
      const all = (await t.http.get('/api/accounts').set(admin)).body.total;
      for (const q of ["' OR '1'='1", '%', '_', "') OR 1=1 --"]) {
        const res = await t.http.get(`/api/accounts?q=${encodeURIComponent(q)}`).set(admin);
        expect(res.status).toBe(200);
        expect(res.body.total).toBeLessThan(all);
      }
      expectError(await t.http.get('/api/accounts/1%20OR%201=1').set(admin), 400);
      expectError(await t.http.get('/api/accounts/..%2F..%2Fetc%2Fpasswd').set(admin), 400);
      expectError(await t.http.get('/api/units/1;DROP%20TABLE%20units').set(admin), 400);
      expect((await t.http.get('/api/units').set(admin)).status).toBe(200);
    });
  });
});
