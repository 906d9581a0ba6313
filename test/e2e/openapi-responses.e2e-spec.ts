/**
 * The contract from code (issue #18): every JSON operation in `/api/docs-json` declares the
 * schema of its 2xx answer, so the web's generated types describe what the server really sends.
 * File downloads declare a non-JSON media type; 204 answers have no body.
 *
 * The drift check keeps those schemas honest: data is seeded through the API, then answers of
 * the operations below are checked against the schema their operation declares for the status
 * they came with (test/support/openapi-check.ts). A view that gains or loses a field without its
 * response class, a wrong type, a missing `nullable` or an unlisted enum value fails it.
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { TEST_SECRET_KEY } from '../simulator/e2e-helpers';
import { checkAnswer, OpenApiDocument } from '../support/openapi-check';
import { bearer, startApp, TestApp } from './support/app';
import { createAccount, uniqueTag } from './support/fixtures';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

interface Operation {
  tags?: string[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export function classify(op: Operation): 'described' | 'not_json' | 'missing' {
  const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
  if (ok.some(([status]) => status === '204')) return 'not_json';
  const contents = ok.flatMap(([, response]) => Object.entries(response.content ?? {}));
  if (contents.some(([type, body]) => type.includes('json') && body.schema && Object.keys(body.schema).length)) return 'described';
  if (contents.length && contents.every(([type]) => !type.includes('json'))) return 'not_json';
  return 'missing';
}

/** JSON operations of the document, as `METHOD /path`, with their tags. */
function jsonOperations(doc: { paths: Record<string, Record<string, Operation>> }): { name: string; kind: ReturnType<typeof classify>; tags: string[] }[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, kind: classify(op), tags: op.tags ?? [] }))
      .filter((op) => op.kind !== 'not_json'),
  );
}

describe('OpenAPI document: response schemas', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('sqlite');
  });
  afterAll(() => t.close());

  it('describes the answer of at least 95 % of the JSON operations', async () => {
    const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
    const operations = jsonOperations(doc);
    const missing = operations.filter((op) => op.kind === 'missing').map((op) => op.name);
    const json = operations.length;
    if (missing.length) console.log(`operations without a response schema (${missing.length}/${json}):\n${missing.join('\n')}`);
    expect(json).toBeGreaterThan(60);
    expect((json - missing.length) / json).toBeGreaterThanOrEqual(0.95);
  });
});

/** Tags of the modules whose answers the drift check exercises (every JSON GET of them must be checked). */
const DRIFT_TAGS = [
  'units',
  'users',
  'auth',
  'alerts',
  'alert-channels',
  'columns',
  'link-checks',
  'health',
  'sources',
  'polls',
  'error-words',
  'findings',
  'recertification',
  'system',
];

const DRIFT_ENV = {
  APP_SECRET_KEY: TEST_SECRET_KEY,
  LINK_CHECK_ALLOW_PRIVATE: 'true',
  LINK_CHECK_TIMEOUT_MS: '1000',
  LINK_CHECK_CONNECT_TIMEOUT_MS: '1000',
  LINK_CHECK_BACKOFF_MS: '10',
  LINK_CHECK_MIN_GAP_MS: '0',
  LINK_CHECK_CONFIRM_DELAY_MS: '0',
  SOURCE_ALLOW_PRIVATE: 'true',
  SOURCE_TIMEOUT_MS: '1000',
  ALERT_ALLOW_PRIVATE: 'true',
  ALERT_DELIVERY_RETRIES: '0',
  ALERT_DELIVERY_TIMEOUT_MS: '1000',
};

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface CallOptions {
  body?: object;
  query?: string;
  token?: string;
  file?: [Buffer, string];
}

/** A local site that answers 404 to everything: broken links, failing feeds and webhooks. */
async function startGoneSite(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain', 'content-length': 9 });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('OpenAPI document: the declared answers are what the server sends (drift check)', () => {
  let t: TestApp;
  let site: { url: string; server: Server };
  let doc: OpenApiDocument;
  const problems: string[] = [];
  const checked = new Set<string>();

  beforeAll(async () => {
    site = await startGoneSite();
    t = await startApp('sqlite', DRIFT_ENV);
    doc = (await t.http.get('/api/docs-json')).body as OpenApiDocument;
  });
  afterAll(async () => {
    await t.close();
    site.server.closeAllConnections();
    await new Promise<void>((resolve) => site.server.close(() => resolve()));
  });

  /** Calls `path` (a document path such as `/api/units/{id}`) and checks the answer against its declared schema. */
  async function call(method: Method, path: string, params: Record<string, number> = {}, options: CallOptions = {}): Promise<any> {
    const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name])) + (options.query ? `?${options.query}` : '');
    let request = t.http[method](url).set(bearer(options.token ?? t.adminToken));
    if (options.file) request = request.attach('file', ...options.file);
    else if (options.body) request = request.send(options.body);
    const res = await request;
    if (res.status < 200 || res.status >= 300) throw new Error(`${method.toUpperCase()} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    checked.add(`${method.toUpperCase()} ${path}`);
    problems.push(...checkAnswer(doc, method, path, res.status, res.body));
    return res.body;
  }

  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what} did not finish: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();

  it('answers as declared: units, users, auth, columns, link checks, alerts, sources, polls, error words, findings, recertification, system', async () => {
    const tag = uniqueTag();
    // Units: one active, one abolished (every nullable field of a unit filled once).
    const unit = await call('post', '/api/units', {}, { body: { name: `漂移镇${tag}`, kind: 'town', code: `D${tag}` } });
    const other = await call('post', '/api/units', {}, { body: { name: `漂移局${tag}`, kind: 'department' } });
    await call('patch', '/api/units/{id}', { id: unit.id }, { body: { contactName: '李四', contactPhone: '0917-2222222' } });
    await call('post', '/api/units/{id}/abolish', { id: other.id }, { body: { reason: '机构改革', successorUnitId: unit.id } });
    await call('get', '/api/units', {}, { query: 'pageSize=200' });
    await call('get', '/api/units/{id}', { id: other.id });

    // Users and auth.
    const operator = await call('post', '/api/users', {}, { body: { username: `drift_${tag}`, password: 'Password#1', role: 'operator', unitId: unit.id, displayName: '王五' } });
    await call('post', '/api/users', {}, { body: { username: `drift_r_${tag}`, password: 'Password#1', role: 'reviewer' } });
    const reviewerToken = await t.login(`drift_r_${tag}`, 'Password#1');
    await call('patch', '/api/users/{id}', { id: operator.id }, { body: { displayName: '王五' } });
    await call('get', '/api/users', {}, { query: 'pageSize=200' });
    await call('get', '/api/users/{id}', { id: operator.id });
    const login = await call('post', '/api/auth/login', {}, { body: { username: `drift_${tag}`, password: 'Password#1' } });
    await call('get', '/api/auth/me', {}, { token: login.accessToken });

    // An account opened 100 days ago without posts (an `inactive` finding, an overdue recertification), approved by another.
    const account = await createAccount(t, t.adminToken, {
      unitId: unit.id,
      platform: 'other',
      name: `漂移号${tag}`,
      operatorName: '赵六',
      operatorPhone: '0917-1111111',
      appliedAt: daysAgo(102),
      justification: '测试用多账号',
    });
    for (const body of [
      { action: 'approve', at: daysAgo(101) },
      { action: 'open', at: daysAgo(100), platformAccountId: `gh_${tag}`, homepageUrl: 'https://mp.example.gov.cn/home' },
    ]) {
      const res = await t.http.post(`/api/accounts/${account.id}/transitions`).set(bearer(reviewerToken)).send(body);
      if (res.status !== 200) throw new Error(`transition: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const id = account.id as number;

    // Alert channel (its deliveries fail: the site answers 404), column, link check (broken: an alert).
    const channel = await call(
      'post',
      '/api/alert-channels',
      {},
      { body: { name: `漂移通道${tag}`, kind: 'webhook', target: `${site.url}/hook?key=secret`, secret: 'S3CRET', kinds: ['link_broken', 'poll_failing'] } },
    );
    await call('post', '/api/alert-channels', {}, { body: { name: `漂移邮件${tag}`, kind: 'email', target: 'ops@example.gov.cn' } });
    await call('post', '/api/alert-channels/{id}/test', { id: channel.id });
    const column = await call('post', '/api/accounts/{id}/columns', { id }, { body: { name: '通知公告', url: `${site.url}/notice` } });
    await call('post', '/api/accounts/{id}/columns', { id }, { body: { name: '政务公开', url: `${site.url}/open` } });
    await call('patch', '/api/columns/{id}', { id: column.id }, { body: { name: '通知公告栏' } });
    const run = await call('post', '/api/link-checks', {}, { body: { columnIds: [column.id] } });
    await until(
      'link check',
      () => call('get', '/api/link-checks/{id}', { id: run.id }),
      (r) => r.status === 'done',
    );
    await drain();
    await call('get', '/api/link-checks');
    await call('get', '/api/columns/{id}/checks', { id: column.id });
    await call('get', '/api/columns', {}, { query: `accountId=${id}` });
    await call('get', '/api/columns/{id}', { id: column.id });
    await call('get', '/api/accounts/{id}/columns', { id });
    const alerts = await call('get', '/api/alerts', {}, { query: 'pageSize=200' });
    expect(alerts.items.some((a: { kind: string }) => a.kind === 'link_broken')).toBe(true);
    await call('get', '/api/alert-channels');
    await call('get', '/api/alert-channels/{id}', { id: channel.id });
    const deliveries = await call('get', '/api/alert-channels/{id}/deliveries', { id: channel.id });
    expect(deliveries.items.length).toBeGreaterThanOrEqual(2);

    // Source and a poll that fails (the feed is gone).
    await call('put', '/api/accounts/{id}/source', { id }, { body: { kind: 'feed', url: `${site.url}/feed.xml` } });
    const poll = await call('post', '/api/polls', {}, { body: { accountIds: [id] } });
    await until(
      'poll',
      () => call('get', '/api/polls/{id}', { id: poll.id }),
      (r) => r.status !== 'running',
    );
    const source = await call('get', '/api/accounts/{id}/source', { id });
    expect(source.lastErrorKind).not.toBeNull();

    // Error words.
    const word = await call('post', '/api/error-words', {}, { body: { wrong: `漂移错词${tag}`, correct: `漂移正词${tag}`, category: 'common', note: '测试' } });
    const allowed = await call('post', '/api/error-words/{id}/allows', { id: word.id }, { body: { phrase: `前缀漂移错词${tag}后缀` } });
    await call('get', '/api/error-words', {}, { query: 'pageSize=200' });
    await call('get', '/api/error-words/{id}', { id: word.id });
    await call('patch', '/api/error-words/{id}', { id: word.id }, { body: { note: null } });
    await call('delete', '/api/error-words/{id}/allows/{allowId}', { id: word.id, allowId: allowed.allows[0].id });
    const csv = ['错误写法,正确写法,类别,说明,允许短语', `导入错${tag},导入正${tag},常见易错词,说明,导入错${tag}之外`].join('\n');
    await call('post', '/api/error-words/import', {}, { file: [Buffer.from(csv), 'words.csv'] });

    // Recertification: confirmed with the operator linked, who is then disabled (a handover flag).
    await call('post', '/api/accounts/{id}/recertify', { id }, { body: { operatorName: '王五', operatorPhone: '0917-5555555', operatorUserId: operator.id } });
    await call('patch', '/api/users/{id}', { id: operator.id }, { body: { disabled: true } });
    const pending = await call('get', '/api/recertifications', {}, { query: `unitId=${unit.id}&handover=true` });
    expect(pending.items[0]?.handoverFlags.length).toBe(1);
    await call('get', '/api/accounts/{id}/recertification', { id });
    const contacts = await call('get', '/api/accounts/{id}/contacts', { id });
    expect(contacts.length).toBeGreaterThanOrEqual(1);

    // Findings: a full scan, then the account's finding read and accepted.
    const scan = await call('post', '/api/findings/scan', {}, { query: 'wait=true' });
    await call('get', '/api/findings/scans/{id}', { id: scan.id });
    expect((await call('get', '/api/findings/scans', {}, { query: 'trigger=manual' }))[0]).toMatchObject({ id: scan.id, postsTotal: expect.any(Number) });
    const findings = await call('get', '/api/findings', {}, { query: `accountId=${id}&status=open` });
    expect(findings.items.length).toBeGreaterThanOrEqual(1);
    await call('get', '/api/findings/{id}', { id: findings.items[0].id });
    await call('post', '/api/findings/{id}/accept', { id: findings.items[0].id }, { body: { reason: '已核实,属正常情况' } });

    // System status (recent runs of every kind) and health.
    await call('get', '/api/system/status');
    await call('get', '/api/health');

    if (problems.length) console.log(`answers that differ from their declared schema:\n${problems.join('\n')}`);
    expect(problems).toEqual([]);

    // Coverage: every JSON GET of these modules was checked; the list says what else was not.
    const mine = jsonOperations(doc as unknown as { paths: Record<string, Record<string, Operation>> }).filter((op) =>
      op.tags.some((tagName) => DRIFT_TAGS.includes(tagName.split(' ')[0])),
    );
    const unchecked = mine.filter((op) => !checked.has(op.name)).map((op) => op.name);
    console.log(
      `drift check: ${checked.size} operations checked, ${mine.length - unchecked.length}/${mine.length} JSON operations of its modules${unchecked.length ? `; not exercised: ${unchecked.join(', ')}` : ''}`,
    );
    expect(unchecked.filter((name) => name.startsWith('GET '))).toEqual([]);
  });
});
