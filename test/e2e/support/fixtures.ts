import { bearer, TestApp } from './app';

export interface Fixture {
  adminToken: string;
  reviewerToken: string;
  reviewer2Token: string;
  viewerToken: string;
  unitA: { id: number; name: string };
  unitB: { id: number; name: string };
  operatorAToken: string;
  operatorBToken: string;
  operatorA: { id: number; username: string };
}

let counter = 0;

/** Two units, an operator for each, two reviewers and a viewer, created through the API. */
export async function seedFixture(t: TestApp): Promise<Fixture> {
  const tag = `${Date.now().toString(36)}${++counter}`;
  const admin = bearer(t.adminToken);
  const unit = async (name: string, code: string) => {
    const res = await t.http.post('/api/units').set(admin).send({ name, kind: 'town', code });
    if (res.status !== 201) throw new Error(`unit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: number; name: string };
  };
  const unitA = await unit(`甲镇${tag}`, `A${tag}`);
  const unitB = await unit(`乙镇${tag}`, `B${tag}`);
  const user = async (role: string, unitId?: number) => {
    const username = `${role}_${unitId ?? 'x'}_${tag}_${++counter}`;
    const res = await t.http
      .post('/api/users')
      .set(admin)
      .send({ username, password: 'Password#1', role, ...(unitId ? { unitId } : {}) });
    if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id as number, username, token: await t.login(username, 'Password#1') };
  };
  const operatorA = await user('operator', unitA.id);
  const operatorB = await user('operator', unitB.id);
  return {
    adminToken: t.adminToken,
    reviewerToken: (await user('reviewer')).token,
    reviewer2Token: (await user('reviewer')).token,
    viewerToken: (await user('viewer')).token,
    unitA,
    unitB,
    operatorAToken: operatorA.token,
    operatorBToken: operatorB.token,
    operatorA: { id: operatorA.id, username: operatorA.username },
  };
}

// ---- Small shared helpers for the e2e suites (added; nothing above changed) ----

type HttpResponse = { status: number; body: any; headers: Record<string, string> };

/** A short tag that makes names unique within one app. */
export function uniqueTag(): string {
  return `${Date.now().toString(36)}${++counter}`;
}

/** The response is exactly `status` with the error shape of api.md: {statusCode, message, error}. */
export function expectError(res: HttpResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(res.body).toMatchObject({ statusCode: status, message: expect.any(String), error: expect.any(String) });
  expect(res.body.message.trim()).not.toBe('');
  expect(res.body.error.trim()).not.toBe('');
}

/** Creates a unit as admin (201 expected). */
export async function createUnit(t: TestApp, fields: Record<string, unknown> = {}): Promise<{ id: number; name: string }> {
  const res = await t.http
    .post('/api/units')
    .set(bearer(t.adminToken))
    .send({ name: `单位${uniqueTag()}`, kind: 'town', ...fields });
  if (res.status !== 201) throw new Error(`unit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Applies for an account (201 expected) and returns it. */
export async function createAccount(t: TestApp, token: string, body: Record<string, unknown>): Promise<any> {
  const res = await t.http.post('/api/accounts').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`account: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An account's history, read by the admin. */
export async function historyOf(t: TestApp, accountId: number): Promise<any[]> {
  const res = await t.http.get(`/api/accounts/${accountId}/history`).set(bearer(t.adminToken));
  if (res.status !== 200) throw new Error(`history: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** What the admin sees of an account right now. */
export async function accountAsAdmin(t: TestApp, accountId: number): Promise<any> {
  const res = await t.http.get(`/api/accounts/${accountId}`).set(bearer(t.adminToken));
  if (res.status !== 200) throw new Error(`account ${accountId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The list totals a person would look at to see whether anything was added. */
export async function totals(t: TestApp): Promise<{ accounts: number; units: number; users: number }> {
  const admin = bearer(t.adminToken);
  const [accounts, units, users] = await Promise.all(['/api/accounts', '/api/units', '/api/users'].map((p) => t.http.get(p).set(admin)));
  return { accounts: accounts.body.total, units: units.body.total, users: users.body.total };
}
