/**
 * Security rules v1.1 (api.md, "Security rules"): stored platform secrets never follow a
 * changed source address or identity, and an operator's ledger import creates applications
 * only (maker-checker), while admins keep the historical back-fill.
 *
 * Both platform "servers" are local listeners on 127.0.0.1 that record every request
 * (method, URL, headers, body); POLLING_ENV lets the source client reach loopback.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ledgerAccounts, pollNow, POLLING_ENV } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createUnit, expectError, Fixture, historyOf, seedFixture, totals, uniqueTag } from './support/fixtures';

interface Recorder {
  origin: string;
  /** Every request as one text: method, URL, headers and body. */
  requests: string[];
  received(value: string): boolean;
  close(): Promise<void>;
}

/** A platform stand-in that records everything and answers like an empty account. */
async function startRecorder(): Promise<Recorder> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${Buffer.concat(chunks).toString('utf8')}`);
      const path = new URL(req.url ?? '/', 'http://recorder').pathname;
      const answer = path.endsWith('/stable_token')
        ? { access_token: `issued-${uniqueTag()}`, expires_in: 7200 }
        : path.includes('freepublish')
          ? { total_count: 0, item_count: 0, item: [] }
          : { statuses: [], total_number: 0 };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const received = (value: string) => requests.some((r) => r.includes(value) || r.includes(encodeURIComponent(value)));
  return { origin: `http://127.0.0.1:${port}`, requests, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const LEDGER_HEADER = '单位,平台,账号名称,开设时间,状态,注销时间';

describe.each(databasesUnderTest())('security rules v1.1: source secrets and ledger import (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let legit: Recorder;
  let evil: Recorder;
  beforeAll(async () => {
    t = await startApp(kind, POLLING_ENV);
    f = await seedFixture(t);
    legit = await startRecorder();
    evil = await startRecorder();
  });
  afterAll(async () => {
    await t.close();
    await legit.close();
    await evil.close();
  });

  const putSource = (id: number, body: Record<string, unknown>, token: string) => t.http.put(`/api/accounts/${id}/source`).set(bearer(token)).send(body);
  const sourceUpdates = async (id: number) => (await historyOf(t, id)).filter((e: { action: string }) => e.action === 'source_update');

  describe('stored platform secrets stay with the address they were entered for', () => {
    it('an operator who changes only baseUrl clears the AppSecret; the next poll sends it nowhere', async () => {
      const tag = uniqueTag();
      const secret = `wxSECRET-${tag}`;
      const [id] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
      const entered = await putSource(id, { kind: 'wechat_api', appId: `wx${tag}`, appSecret: secret, baseUrl: legit.origin }, t.adminToken);
      expect(entered.status).toBe(200);
      await pollNow(t, [id]);
      expect(legit.received(secret)).toBe(true); // used where it was entered

      const moved = await putSource(id, { kind: 'wechat_api', appId: `wx${tag}`, baseUrl: evil.origin }, f.operatorAToken);
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ baseUrl: evil.origin, appSecretSet: false, accessTokenSet: false });
      expect((await t.http.get(`/api/accounts/${id}/source`).set(bearer(t.adminToken))).body.appSecretSet).toBe(false);
      const run = await pollNow(t, [id]);
      expect(run.failed).toBe(1);
      expect(evil.received(secret)).toBe(false);

      // The history says the secret was cleared, without its value.
      const last = (await sourceUpdates(id)).pop();
      expect(last.changes.appSecret).toEqual({ from: '已设置', to: '已清除' });
      expect(last.reason).toContain('已清除');
      expect(JSON.stringify(await historyOf(t, id))).not.toContain(secret);
    });

    it('a changed AppID clears the AppSecret too, even at the same address', async () => {
      const tag = uniqueTag();
      const secret = `wxSECRET-appid-${tag}`;
      const [id] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
      expect((await putSource(id, { kind: 'wechat_api', appId: `wx${tag}`, appSecret: secret, baseUrl: evil.origin }, t.adminToken)).status).toBe(200);
      const other = await putSource(id, { kind: 'wechat_api', appId: `wxOther${tag}`, baseUrl: evil.origin }, f.operatorAToken);
      expect(other.status).toBe(200);
      expect(other.body).toMatchObject({ appId: `wxOther${tag}`, appSecretSet: false });
      await pollNow(t, [id]);
      expect(evil.received(`wxOther${tag}`)).toBe(false); // no request at all without a secret
      expect(evil.received(secret)).toBe(false);
    });

    it('a reviewer who moves a Weibo source (or changes its uid) clears the access_token', async () => {
      const tag = uniqueTag();
      const token = `weiboTOKEN-${tag}`;
      const [id] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
      expect((await putSource(id, { kind: 'weibo_api', uid: '1234567890', accessToken: token, baseUrl: legit.origin }, t.adminToken)).status).toBe(200);
      const moved = await putSource(id, { kind: 'weibo_api', uid: '1234567890', baseUrl: evil.origin }, f.reviewerToken);
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ accessTokenSet: false, appSecretSet: false });
      await pollNow(t, [id]);
      expect(evil.received(token)).toBe(false);
      const last = (await sourceUpdates(id)).pop();
      expect(last.changes.accessToken).toEqual({ from: '已设置', to: '已清除' });

      // Back at the first address with a token, then a new uid without one: cleared again.
      const again = `weiboTOKEN-again-${tag}`;
      expect((await putSource(id, { kind: 'weibo_api', uid: '1234567890', accessToken: again, baseUrl: legit.origin }, t.adminToken)).body.accessTokenSet).toBe(true);
      const uid = await putSource(id, { kind: 'weibo_api', uid: '9876543210', baseUrl: legit.origin }, f.operatorAToken);
      expect(uid.status).toBe(200);
      expect(uid.body.accessTokenSet).toBe(false);
    });

    it('keeps new secrets given with the new address, and keeps stored ones while nothing changes', async () => {
      const tag = uniqueTag();
      const [id] = await ledgerAccounts(t, f.unitA.name, '微信公众号', 1);
      const first = `wxSECRET-first-${tag}`;
      const second = `wxSECRET-second-${tag}`;
      expect((await putSource(id, { kind: 'wechat_api', appId: `wx${tag}`, appSecret: first, baseUrl: legit.origin }, t.adminToken)).status).toBe(200);
      // The same settings without the secret: kept (also when baseUrl is left out).
      const same = await putSource(id, { kind: 'wechat_api', appId: `wx${tag}`, baseUrl: legit.origin }, f.operatorAToken);
      expect(same.body.appSecretSet).toBe(true);
      expect((await putSource(id, { kind: 'wechat_api', appId: `wx${tag}` }, f.operatorAToken)).body).toMatchObject({ baseUrl: legit.origin, appSecretSet: true });

      const moved = await putSource(id, { kind: 'wechat_api', appId: `wx${tag}`, appSecret: second, baseUrl: evil.origin }, f.operatorAToken);
      expect(moved.status).toBe(200);
      expect(moved.body.appSecretSet).toBe(true);
      await pollNow(t, [id]);
      expect(evil.received(second)).toBe(true);
      expect(evil.received(first)).toBe(false);

      // Moving on again without a secret drops the second one as well.
      const away = await putSource(id, { kind: 'wechat_api', appId: `wx${tag}`, baseUrl: legit.origin }, f.operatorAToken);
      expect(away.body.appSecretSet).toBe(false);
      const before = legit.requests.length;
      await pollNow(t, [id]);
      expect(legit.requests.slice(before).some((r) => r.includes(second))).toBe(false);
    });
  });

  describe("an operator's ledger import creates applications only", () => {
    const upload = (rows: string[], token: string) =>
      t.http
        .post('/api/accounts/import')
        .set(bearer(token))
        .attach('file', Buffer.from([LEDGER_HEADER, ...rows].join('\r\n')), 'ledger.csv');
    const accountsOf = async (unitId: number) => (await t.http.get(`/api/accounts?unitId=${unitId}&pageSize=200`).set(bearer(t.adminToken))).body.items;

    it('refuses any other 状态 with 400 naming each row, and creates nothing', async () => {
      const tag = uniqueTag();
      const { id: unitId, name: unit } = await createUnit(t);
      const operator = await operatorOf(t, unitId);
      const rows = [
        `${unit},抖音,申请甲${tag},,,`,
        `${unit},快手,开设乙${tag},2021-03-05,已开设,`,
        `${unit},哔哩哔哩,申请丙${tag},,已申请,`,
        `${unit},今日头条,批准丁${tag},,已批准,`,
        `${unit},其他,注销戊${tag},2020-01-01,已注销,2021-01-01`,
        `${unit},微博,正常己${tag},2021-03-05,正常,`,
      ];
      const before = await totals(t);
      const res = await upload(rows, operator);
      expectError(res, 400);
      expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 5, 6, 7]);
      for (const error of res.body.errors) expect(error.message).toContain('信息员只能导入申请（状态留空或“已申请”）');
      expect(res.body.message).toContain('第 3 行：信息员只能导入申请（状态留空或“已申请”）');
      expect(await totals(t)).toEqual(before);
      expect(await accountsOf(unitId)).toEqual([]);
    });

    it('imports rows with a blank 状态 or 已申请 as applications that still need approval', async () => {
      const tag = uniqueTag();
      const unit = f.unitA.name;
      const before = await totals(t);
      const res = await upload([`${unit},抖音,申请一${tag},,,`, `${unit},快手,申请二${tag},,已申请,`], f.operatorAToken);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ imported: 2 });
      expect((await totals(t)).accounts).toBe(before.accounts + 2);
      const mine = (await accountsOf(f.unitA.id)).filter((a: { name: string }) => a.name.endsWith(tag));
      expect(mine).toHaveLength(2);
      for (const account of mine) {
        expect(account).toMatchObject({ state: 'applied', appliedBy: { id: f.operatorA.id } });
        const [entry] = await historyOf(t, account.id);
        expect(entry).toMatchObject({ action: 'import', fromState: null, toState: 'applied', actor: { username: f.operatorA.username } });
      }
      // Maker-checker holds: the operator cannot approve, a reviewer can.
      const approve = (token: string) => t.http.post(`/api/accounts/${mine[0].id}/transitions`).set(bearer(token)).send({ action: 'approve' });
      expect((await approve(f.operatorAToken)).status).toBe(403);
      expect((await approve(f.reviewerToken)).status).toBe(200);
    });

    it('lets an admin back-fill the file the operator may not import, recorded as an import with its state', async () => {
      const unit = await createUnit(t);
      const rows = [`${unit.name},微信公众号,补录发布,2021-03-05,已开设,`, `${unit.name},微博,补录微博,2019-01-01,已注销,2020-06-30`];
      const operatorToken = await operatorOf(t, unit.id);
      const before = await totals(t);
      expectError(await upload(rows, operatorToken), 400);
      expect(await totals(t)).toEqual(before);

      const res = await upload(rows, t.adminToken);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ imported: 2 });
      const byName = new Map<string, { id: number; state: string }>((await accountsOf(unit.id)).map((a: { name: string; id: number; state: string }) => [a.name, a]));
      expect(byName.get('补录发布')?.state).toBe('opened');
      expect(byName.get('补录微博')?.state).toBe('deregistered');
      expect(await historyOf(t, byName.get('补录发布')!.id)).toEqual([
        expect.objectContaining({ action: 'import', fromState: null, toState: 'opened', actor: expect.objectContaining({ username: 'admin' }), at: '2021-03-04T16:00:00.000Z' }),
      ]);
      expect((await historyOf(t, byName.get('补录微博')!.id))[0]).toMatchObject({ action: 'import', toState: 'deregistered' });
    });
  });
});

/** A new operator of the given unit; returns its token. */
async function operatorOf(t: TestApp, unitId: number): Promise<string> {
  const username = `op_ledger_${uniqueTag()}`;
  const res = await t.http.post('/api/users').set(bearer(t.adminToken)).send({ username, password: 'Password#1', role: 'operator', unitId });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
  return t.login(username, 'Password#1');
}
