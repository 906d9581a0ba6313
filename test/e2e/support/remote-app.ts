import request from 'supertest';
import { ADMIN, DatabaseKind, TestApp } from './app';

/** A TestApp over a server process started by the test, so the e2e helpers (ledger import, sources, polls) work on it. */
export async function remoteApp(kind: DatabaseKind, port: number): Promise<TestApp> {
  const http = request(`http://127.0.0.1:${port}`);
  const login = async (username: string, password: string) => {
    const res = await http.post('/api/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  return { kind, app: undefined as never, http, login, adminToken: await login(ADMIN.username, ADMIN.password), close: async () => undefined };
}
