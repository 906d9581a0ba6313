import { AuditService } from '../../src/modules/audit/audit.service';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { accountAsAdmin, createAccount, createUnit, expectError, Fixture, historyOf, seedFixture, totals, uniqueTag } from './support/fixtures';

describe.each(databasesUnderTest())('users and units (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let admin: { Authorization: string };
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
    admin = bearer(t.adminToken);
  });
  afterAll(() => t.close());

  const newUser = (body: Record<string, unknown>, token = t.adminToken) =>
    t.http
      .post('/api/users')
      .set(bearer(token))
      .send({ username: `u_${uniqueTag()}`, password: 'Password#1', ...body });
  const others = () => [f.reviewerToken, f.operatorAToken, f.viewerToken];

  describe('users', () => {
    it('only the admin may create and list users', async () => {
      const before = await totals(t);
      for (const token of others()) {
        expectError(await newUser({ role: 'admin' }, token), 403);
        expectError(await t.http.get('/api/users').set(bearer(token)), 403);
      }
      expect((await totals(t)).users).toBe(before.users);
      const created = await newUser({ role: 'viewer', displayName: '李四' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ role: 'viewer', unitId: null, displayName: '李四', disabled: false });
      expect(JSON.stringify(created.body)).not.toMatch(/password|\$2[aby]\$/i);
      const list = await t.http.get('/api/users?pageSize=200').set(admin);
      expect(list.body.total).toBe(before.users + 1);
      expect(list.body.items.map((u: { id: number }) => u.id)).toContain(created.body.id);
    });

    it('refuses an operator without a unit, a duplicate username, an unknown role and a short password', async () => {
      const noUnit = await newUser({ role: 'operator' });
      expectError(noUnit, 400);
      expect(noUnit.body.errors.map((e: { field: string }) => e.field)).toContain('unitId');
      const username = `dup_${uniqueTag()}`;
      expect((await newUser({ username, role: 'viewer' })).status).toBe(201);
      const duplicate = await newUser({ username, role: 'viewer' });
      expectError(duplicate, 409);
      expect(duplicate.body.message).toContain(username);
      const role = await newUser({ role: 'superuser' });
      expectError(role, 400);
      expect(role.body.errors[0].field).toBe('role');
      const short = await newUser({ role: 'viewer', password: 'Ab#1234' });
      expectError(short, 400);
      expect(short.body.errors[0].field).toBe('password');
      expectError(await newUser({ role: 'operator', unitId: 999999 }), 400);
    });

    it('under simultaneous requests: one duplicate wins, the others get 409, and nothing answered 201 is lost', async () => {
      for (let round = 0; round < 5; round++) {
        const username = `race_${uniqueTag()}`;
        const responses = await Promise.all([
          newUser({ username, role: 'viewer' }),
          newUser({ username, role: 'viewer' }),
          t.http
            .post('/api/units')
            .set(admin)
            .send({ name: `并发单位${uniqueTag()}`, kind: 'town' }),
          newUser({ role: 'viewer' }),
        ]);
        expect(
          responses
            .slice(0, 2)
            .map((r) => r.status)
            .sort(),
        ).toEqual([201, 409]);
        const created = responses.filter((r) => r.status === 201);
        expect(created).toHaveLength(3);
        expect(new Set(created.map((r) => `${r.body.username ? 'users' : 'units'}/${r.body.id}`)).size).toBe(3);
        for (const { body } of created) {
          const kind = body.username ? 'users' : 'units';
          const stored = await t.http.get(`/api/${kind}/${body.id}`).set(admin);
          expect([kind, stored.status, stored.body.username ?? stored.body.name]).toEqual([kind, 200, body.username ?? body.name]);
        }
      }
    });

    it('changes a role and disables a user, effective on their existing token', async () => {
      const username = `promo_${uniqueTag()}`;
      const { body: user } = await newUser({ username, role: 'viewer' });
      const token = await t.login(username, 'Password#1');
      const apply = () =>
        t.http
          .post('/api/accounts')
          .set(bearer(token))
          .send({ unitId: f.unitB.id, platform: 'other', name: `晋升测试${uniqueTag()}`, justification: '测试' });
      expectError(await apply(), 403);
      const promoted = await t.http.patch(`/api/users/${user.id}`).set(admin).send({ role: 'reviewer' });
      expect(promoted.status).toBe(200);
      expect(promoted.body.role).toBe('reviewer');
      expect((await apply()).status).toBe(201);
      const toOperator = await t.http.patch(`/api/users/${user.id}`).set(admin).send({ role: 'operator' });
      expectError(toOperator, 400);
      expect(toOperator.body.errors[0].field).toBe('unitId');
      const disabled = await t.http.patch(`/api/users/${user.id}`).set(admin).send({ disabled: true });
      expect(disabled.body).toMatchObject({ role: 'reviewer', disabled: true });
      expectError(await t.http.get('/api/auth/me').set(bearer(token)), 401);
      expectError(await t.http.post('/api/auth/login').send({ username, password: 'Password#1' }), 401);
    });

    it('an admin can neither disable nor demote themselves', async () => {
      const me = (await t.http.get('/api/auth/me').set(admin)).body;
      expectError(await t.http.patch(`/api/users/${me.id}`).set(admin).send({ disabled: true }), 409);
      expectError(await t.http.patch(`/api/users/${me.id}`).set(admin).send({ role: 'viewer' }), 409);
      expect((await t.http.get('/api/auth/me').set(admin)).body).toMatchObject({ role: 'admin', disabled: false });
    });
  });

  describe('units', () => {
    const postUnit = (body: Record<string, unknown>, token = t.adminToken) => t.http.post('/api/units').set(bearer(token)).send(body);

    it('creates a unit, refuses a duplicate name, an unknown kind and a name over 100 characters', async () => {
      const name = `城关镇${uniqueTag()}`;
      const created = await postUnit({ name, kind: 'town', code: `C${uniqueTag()}`, contactName: '赵六', contactPhone: '0917-1234567' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: expect.any(Number), name, kind: 'town', status: 'active', contactName: '赵六' });
      const duplicate = await postUnit({ name, kind: 'department' });
      expectError(duplicate, 409);
      expect(duplicate.body.message).toContain(name);
      expect((await postUnit({ name: `${name}x`, kind: 'city' })).body.errors[0].field).toBe('kind');
      expectError(await postUnit({ name: '长'.repeat(101), kind: 'town' }), 400);
      const longest = await postUnit({ name: `长${uniqueTag()}`.padEnd(100, '长'), kind: 'committee' });
      expect(longest.status).toBe(201);
      expect(longest.body.name).toHaveLength(100);
    });

    it('lists with q, kind, status and pagination, and validates the page parameters', async () => {
      const prefix = `分页${uniqueTag()}`;
      for (let i = 1; i <= 5; i++) await createUnit(t, { name: `${prefix}-${i}`, kind: i <= 3 ? 'department' : 'committee', code: `${prefix}${i}` });
      const list = (query: string) => t.http.get(`/api/units?${query}`).set(admin);
      const q = `q=${encodeURIComponent(prefix)}`;
      const page2 = await list(`${q}&pageSize=2&page=2`);
      expect(page2.status).toBe(200);
      expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect(page2.body.items.map((u: { name: string }) => u.name)).toEqual([`${prefix}-3`, `${prefix}-4`]);
      expect((await list(`${q}&pageSize=2&page=3`)).body.items).toHaveLength(1);
      expect((await list(`${q}&kind=committee`)).body.total).toBe(2);
      const abolished = (await list(`${q}&kind=department`)).body.items[0];
      await t.http.post(`/api/units/${abolished.id}/abolish`).set(admin).send({ reason: '合并' }).expect(200);
      expect((await list(`${q}&status=abolished`)).body.items.map((u: { id: number }) => u.id)).toEqual([abolished.id]);
      expect((await list(`${q}&status=active`)).body.total).toBe(4);
      const defaults = await list('');
      expect(defaults.body).toMatchObject({ page: 1, pageSize: 20, total: (await totals(t)).units });
      for (const bad of ['pageSize=201', 'page=0', 'page=abc', 'pageSize=-1', 'kind=city', 'status=gone']) expectError(await list(bad), 400);
      expect((await list('pageSize=200')).status).toBe(200);
    });

    it('answers 404 for an unknown unit and 400 for an id that is not a number', async () => {
      expectError(await t.http.get('/api/units/999999').set(admin), 404);
      expectError(await t.http.get('/api/units/abc').set(admin), 400);
      expectError(await t.http.patch('/api/units/999999').set(admin).send({ contactName: 'x' }), 404);
    });

    it('edits a unit with an audit entry, and refuses to take a name already in use', async () => {
      const unit = await createUnit(t);
      const other = await createUnit(t);
      const patched = await t.http.patch(`/api/units/${unit.id}`).set(admin).send({ contactName: '钱七', kind: 'department' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ contactName: '钱七', kind: 'department', name: unit.name });
      expect((await t.http.get(`/api/units/${unit.id}`).set(admin)).body).toMatchObject({ contactName: '钱七', kind: 'department' });
      const audit = await t.app.get(AuditService).history('unit', unit.id);
      expect(audit.map((e) => e.action)).toEqual(['create', 'update']);
      expect(audit[1].changes).toEqual({ contactName: { from: null, to: '钱七' }, kind: { from: 'town', to: 'department' } });
      expect(audit[1].actorUsername).toBe('admin');
      const clash = await t.http.patch(`/api/units/${unit.id}`).set(admin).send({ name: other.name });
      expectError(clash, 409);
      expect((await t.http.get(`/api/units/${unit.id}`).set(admin)).body.name).toBe(unit.name);
      // null is not "leave unchanged" for fields a unit must have.
      for (const body of [{ name: null }, { kind: null }]) expectError(await t.http.patch(`/api/units/${unit.id}`).set(admin).send(body), 400);
    });

    it('only the admin may create, edit or abolish units', async () => {
      const before = await totals(t);
      for (const token of others()) {
        expectError(await postUnit({ name: `越权${uniqueTag()}`, kind: 'town' }, token), 403);
        expectError(await t.http.patch(`/api/units/${f.unitA.id}`).set(bearer(token)).send({ contactName: '越权' }), 403);
        expectError(await t.http.post(`/api/units/${f.unitA.id}/abolish`).set(bearer(token)).send({ reason: '越权' }), 403);
      }
      expect((await totals(t)).units).toBe(before.units);
      expect((await t.http.get(`/api/units/${f.unitA.id}`).set(admin)).body).toMatchObject({ status: 'active', contactName: null });
    });

    it('abolishes a unit: reason required, successor must exist and differ, once only; its accounts stay until moved', async () => {
      const unit = await createUnit(t);
      const successor = await createUnit(t);
      const account = await createAccount(t, f.adminToken, { unitId: unit.id, platform: 'wechat', name: `撤并前账号${uniqueTag()}` });
      const abolish = (body: Record<string, unknown>) => t.http.post(`/api/units/${unit.id}/abolish`).set(admin).send(body);
      expect((await abolish({})).body.errors[0].field).toBe('reason');
      expectError(await abolish({ reason: '  ' }), 400);
      expect((await abolish({ reason: '合并', successorUnitId: 999999 })).body.errors[0].field).toBe('successorUnitId');
      const self = await abolish({ reason: '合并', successorUnitId: unit.id });
      expectError(self, 400);
      expect(self.body.errors[0].field).toBe('successorUnitId');
      expect((await t.http.get(`/api/units/${unit.id}`).set(admin)).body.status).toBe('active');

      const done = await abolish({ reason: '机构改革，并入承接单位', successorUnitId: successor.id });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'abolished', abolishReason: '机构改革，并入承接单位', successorUnitId: successor.id, abolishedAt: expect.any(String) });
      expectError(await abolish({ reason: '再次撤并' }), 409);

      const refused = await t.http.post('/api/accounts').set(admin).send({ unitId: unit.id, platform: 'weibo', name: '撤并后新账号' });
      expectError(refused, 409);
      expect(refused.body.message).toContain(unit.name);
      expect(await accountAsAdmin(t, account.id)).toMatchObject({ unitId: unit.id, unitName: unit.name, state: 'applied' });
      expect((await t.http.get(`/api/accounts?unitId=${unit.id}`).set(admin)).body.total).toBe(1);

      const moved = await t.http.patch(`/api/accounts/${account.id}`).set(bearer(f.reviewerToken)).send({ unitId: successor.id });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ unitId: successor.id, unitName: successor.name });
      const last = (await historyOf(t, account.id)).at(-1);
      expect(last).toMatchObject({ action: 'update', changes: { unitId: { from: unit.id, to: successor.id } } });
      expectError(await t.http.patch(`/api/accounts/${account.id}`).set(admin).send({ unitId: unit.id }), 409);
      expect((await accountAsAdmin(t, account.id)).unitId).toBe(successor.id);
    });

    it('refuses an abolished unit as successor', async () => {
      const gone = await createUnit(t);
      await t.http.post(`/api/units/${gone.id}/abolish`).set(admin).send({ reason: '撤销' }).expect(200);
      const unit = await createUnit(t);
      const res = await t.http.post(`/api/units/${unit.id}/abolish`).set(admin).send({ reason: '合并', successorUnitId: gone.id });
      expectError(res, 400);
      expect((await t.http.get(`/api/units/${unit.id}`).set(admin)).body.status).toBe('active');
    });
  });
});
