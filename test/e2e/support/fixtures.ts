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
    const res = await t.http.post('/api/users').set(admin).send({ username, password: 'Password#1', role, ...(unitId ? { unitId } : {}) });
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
