/** Helpers of the [polling] e2e suites: opened accounts via the ledger, waiting for poll runs. */
import { bearer, TestApp } from '../e2e/support/app';

export const TEST_SECRET_KEY = 'ab'.repeat(32);

export const POLLING_ENV = {
  SOURCE_ALLOW_PRIVATE: 'true',
  POLL_SCHEDULER: 'off',
  POLL_BACKOFF_BASE_SECONDS: '60',
  SOURCE_TIMEOUT_MS: '800',
  POLL_BUDGET_PER_MINUTE: '100000',
  APP_SECRET_KEY: TEST_SECRET_KEY,
};

let seq = 0;

/** Creates accounts directly in the given state through a ledger import (CSV); returns their ids. */
export async function ledgerAccounts(t: TestApp, unitName: string, platform: string, count: number, state = '已开设'): Promise<number[]> {
  const tag = `${Date.now().toString(36)}${++seq}`;
  const rows = ['单位,平台,账号名称,状态,开设时间,注销时间,多账号理由'];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `采集测试${tag}-${i}`;
    names.push(name);
    rows.push(`${unitName},${platform},${name},${state},2021-03-05,${state === '已注销' ? '2022-01-01' : ''},测试多账号`);
  }
  const res = await t.http
    .post('/api/accounts/import')
    .set(bearer(t.adminToken))
    .attach('file', Buffer.from(rows.join('\n')), 'ledger.csv');
  if (res.status !== 200) throw new Error(`ledger import: ${res.status} ${JSON.stringify(res.body)}`);
  const list = await t.http.get(`/api/accounts?q=${encodeURIComponent(`采集测试${tag}-`)}&pageSize=200`).set(bearer(t.adminToken));
  const byName = new Map<string, number>(list.body.items.map((a: { name: string; id: number }) => [a.name, a.id]));
  return names.map((n) => byName.get(n)!);
}

export async function putSource(t: TestApp, accountId: number, body: Record<string, unknown>, token = t.adminToken): Promise<void> {
  const res = await t.http.put(`/api/accounts/${accountId}/source`).set(bearer(token)).send(body);
  if (res.status !== 200) throw new Error(`source: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface RunView {
  id: number;
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  newPosts: number;
}

/** POST /api/polls for these accounts and waits for the run to finish. */
export async function pollNow(t: TestApp, accountIds: number[], token = t.adminToken): Promise<RunView> {
  const res = await t.http.post('/api/polls').set(bearer(token)).send({ accountIds });
  if (res.status !== 202) throw new Error(`poll: ${res.status} ${JSON.stringify(res.body)}`);
  return waitForRun(t, res.body.id, token);
}

export async function waitForRun(t: TestApp, id: number, token = t.adminToken, timeoutMs = 20000): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http.get(`/api/polls/${id}`).set(bearer(token));
    if (res.status !== 200) throw new Error(`run: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status === 'done') return res.body;
    if (Date.now() > deadline) throw new Error(`run ${id} did not finish: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function sourceOf(t: TestApp, accountId: number): Promise<Record<string, any>> {
  const res = await t.http.get(`/api/accounts/${accountId}/source`).set(bearer(t.adminToken));
  if (res.status !== 200) throw new Error(`source: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Makes the account's source due now, out of any backoff (tests only; the scheduler's view). */
export async function resetBackoff(t: TestApp, accountId: number, body: Record<string, unknown>): Promise<void> {
  await putSource(t, accountId, body);
}
