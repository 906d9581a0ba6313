/**
 * api.md v1.1 "Account holders": deregistration is maker-checker (the requester cannot confirm,
 * 409, and is not offered the action), and the ledger export imports into an empty system unchanged.
 */
import ExcelJS from 'exceljs';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture } from './support/fixtures';

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each(databasesUnderTest())('account holders (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
  });
  afterAll(() => t.close());

  const act = (token: string, id: number, body: Record<string, unknown>) => t.http.post(`/api/accounts/${id}/transitions`).set(bearer(token)).send(body);
  const get = async (token: string, id: number) => (await t.http.get(`/api/accounts/${id}`).set(bearer(token))).body;

  const openedAccount = async (name: string, platform = 'weibo') => {
    const created = await t.http.post('/api/accounts').set(bearer(f.operatorAToken)).send({ unitId: f.unitA.id, platform, name });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect((await act(f.reviewerToken, id, { action: 'approve' })).status).toBe(200);
    expect((await act(f.operatorAToken, id, { action: 'open', platformAccountId: `${name}-id`, homepageUrl: `https://weibo.com/u/${id}` })).status).toBe(200);
    return id;
  };

  it('deregistration: whoever requested it cannot confirm it (409, no action offered); another reviewer can', async () => {
    const id = await openedAccount('注销编审分离');
    const requested = await act(f.reviewerToken, id, { action: 'request_deregistration', reason: '账号整合' });
    expect(requested.status).toBe(200);
    expect(requested.body.deregistrationRequestedBy).toMatchObject({ username: expect.any(String) });
    expect(requested.body.allowedActions).not.toContain('deregister');
    const refused = await act(f.reviewerToken, id, { action: 'deregister' });
    expectError(refused, 409);
    expect(refused.body.message).toContain('编审分离');
    expect((await get(t.adminToken, id)).state).toBe('deregistration_requested');
    expect((await get(f.reviewer2Token, id)).allowedActions).toContain('deregister');
    const done = await act(f.reviewer2Token, id, { action: 'deregister' });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('deregistered');
  });

  it('an operator’s request is confirmed by the office; a cancelled request forgets who asked', async () => {
    const id = await openedAccount('注销撤回', 'douyin');
    await act(f.operatorAToken, id, { action: 'request_deregistration', reason: '暂停' });
    await act(f.operatorAToken, id, { action: 'cancel_deregistration' });
    expect((await get(t.adminToken, id)).deregistrationRequestedBy).toBeNull();
    await act(f.reviewerToken, id, { action: 'request_deregistration', reason: '再次申请' });
    expect((await act(t.adminToken, id, { action: 'deregister' })).status).toBe(200);
  });

  it('an account without a source answers 204 with optional=true (404 without; unknown account still 404)', async () => {
    const id = await openedAccount('无采集来源', 'kuaishou');
    expect((await t.http.get(`/api/accounts/${id}/source?optional=true`).set(bearer(t.adminToken))).status).toBe(204);
    expectError(await t.http.get(`/api/accounts/${id}/source`).set(bearer(t.adminToken)), 404);
    expectError(await t.http.get('/api/accounts/999999/source?optional=true').set(bearer(t.adminToken)), 404);
  });

  it('exports the ledger in the import columns; the export imports into an empty system unchanged', async () => {
    const res = await t.http.get('/api/accounts/export?format=xlsx').set(bearer(t.adminToken)).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('政务新媒体账号台账'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['单位', '平台', '账号名称']);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9 });
    const exported = sheet.rowCount - 1;
    expect(exported).toBeGreaterThanOrEqual(2);

    const csv = await t.http.get('/api/accounts/export?format=csv').set(bearer(t.adminToken)).buffer(true).parse(binary);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expectError(await t.http.get('/api/accounts/export?format=pdf').set(bearer(t.adminToken)), 400);

    // Operators get their own unit's rows only.
    const own = await t.http.get('/api/accounts/export?format=csv').set(bearer(f.operatorBToken)).buffer(true).parse(binary);
    expect(own.status).toBe(200);
    expect(own.body.toString('utf8')).not.toContain(f.unitA.name);

    const empty = await startApp(kind);
    try {
      for (const unit of [f.unitA, f.unitB]) {
        const { name, code } = (await t.http.get(`/api/units/${unit.id}`).set(bearer(t.adminToken))).body;
        expect((await empty.http.post('/api/units').set(bearer(empty.adminToken)).send({ name, code, kind: 'town' })).status).toBe(201);
      }
      const imported = await empty.http.post('/api/accounts/import').set(bearer(empty.adminToken)).attach('file', res.body, 'ledger.xlsx');
      expect(imported.status).toBe(200);
      expect(imported.body).toEqual({ imported: exported });
      const again = await empty.http.get('/api/accounts/export?format=csv').set(bearer(empty.adminToken)).buffer(true).parse(binary);
      expect(again.body.toString('utf8')).toBe(csv.body.toString('utf8'));
    } finally {
      await empty.close();
    }
  });
});
