/**
 * The contract from code (issue #18), drift check of the registry's modules: accounts
 * (lifecycle, history, ledger import, overview), posts (list, statistics, import), reports
 * (targets, quarterly report, publication, exports), repost tasks (tasks, confirmations,
 * compliance, the quarter's listing) and the public directory.
 *
 * Data is seeded through the API (units, an account applied, approved and opened through
 * transitions, ledger accounts, posts imported, repost tasks, a published quarterly report of the
 * current quarter), then each JSON answer is checked against the schema its operation declares
 * for the status it came with (test/support/openapi-check.ts): a field a view gains or loses
 * without its response class, a wrong type, a missing `nullable` or an unlisted enum value fails.
 * File downloads must come with a media type their operation declares, and none of them JSON.
 */
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { POLLING_ENV } from '../simulator/e2e-helpers';
import { checkAnswer, OpenApiDocument } from '../support/openapi-check';
import { bearer, startApp, TestApp } from './support/app';
import { uniqueTag } from './support/fixtures';

/** Tags of the modules checked here (the first word of each controller's tag). */
const TAGS = ['accounts', 'posts', 'reports', 'repost-tasks', 'public'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

interface Operation {
  tags?: string[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

interface CallOptions {
  body?: object;
  query?: string;
  token?: string;
  file?: [Buffer, string];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TASK_TITLE = '国务院办公厅关于做好政务新媒体转发工作的通知';
const TASK_SOURCE = 'https://www.gov.cn/zhengce/content/2026-10/09/content_7000001.htm';

/** The operations of these modules: `METHOD /path` → whether its 2xx answers are JSON. */
function operationsOf(doc: OpenApiDocument): Map<string, 'json' | 'file' | 'empty'> {
  const result = new Map<string, 'json' | 'file' | 'empty'>();
  const paths = doc.paths as unknown as Record<string, Record<string, Operation>>;
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!(METHODS as readonly string[]).includes(method) || !op.tags?.some((tag) => TAGS.includes(tag.split(' ')[0]))) continue;
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      const types = ok.flatMap(([, response]) => Object.keys(response.content ?? {}));
      result.set(`${method.toUpperCase()} ${path}`, types.some((type) => type.includes('json')) ? 'json' : types.length ? 'file' : 'empty');
    }
  }
  return result;
}

describe('OpenAPI document: the registry modules answer as declared (drift check)', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  const problems: string[] = [];
  const checked = new Set<string>();
  const downloaded = new Set<string>();

  beforeAll(async () => {
    // A cycle started long ago, so the report's re-certification list has overdue accounts to check.
    t = await startApp('sqlite', { ...POLLING_ENV, RECERTIFY_START_DATE: '2000-01-01' });
    doc = (await t.http.get('/api/docs-json')).body as OpenApiDocument;
  });
  afterAll(() => t.close());

  const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();
  const url = (path: string, params: Record<string, number>, query?: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name])) + (query ? `?${query}` : '');

  /** Calls `path` (a document path such as `/api/accounts/{id}`) and checks the answer against its declared schema. */
  async function call(method: Method, path: string, params: Record<string, number> = {}, options: CallOptions = {}): Promise<any> {
    const target = url(path, params, options.query);
    let request = t.http[method](target).set(bearer(options.token ?? t.adminToken));
    if (options.file) request = request.attach('file', ...options.file);
    else if (options.body) request = request.send(options.body);
    const res = await request;
    if (res.status < 200 || res.status >= 300) throw new Error(`${method.toUpperCase()} ${target}: ${res.status} ${JSON.stringify(res.body)}`);
    checked.add(`${method.toUpperCase()} ${path}`);
    problems.push(...checkAnswer(doc, method, path, res.status, res.body));
    return res.body;
  }

  /** Downloads a file and checks it came with a media type its operation declares (and not JSON). */
  async function download(path: string, params: Record<string, number> = {}, query?: string): Promise<void> {
    const target = url(path, params, query);
    const res = await t.http
      .get(target)
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse((stream, done) => {
        stream.on('data', () => undefined);
        stream.on('end', () => done(null, null));
      });
    if (res.status !== 200) throw new Error(`GET ${target}: ${res.status}`);
    downloaded.add(`GET ${path}`);
    const type = String(res.headers['content-type']).split(';')[0].trim();
    const declared = Object.keys((doc.paths[path]?.get?.responses?.['200']?.content ?? {}) as Record<string, unknown>);
    if (!declared.includes(type)) problems.push(`GET ${target}: sent ${type}, the document declares ${declared.join(', ') || 'nothing'}`);
    if (type.includes('json')) problems.push(`GET ${target}: a download answered JSON`);
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

  /** Sends a request outside the check (another module's endpoint, used only to seed data). */
  async function seed(method: Method, target: string, body: object = {}, token = t.adminToken): Promise<any> {
    const res = await t.http[method](target).set(bearer(token)).send(body);
    if (res.status < 200 || res.status >= 300) throw new Error(`${method.toUpperCase()} ${target}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  it('answers as declared: accounts, posts, reports, repost tasks, the public directory', async () => {
    const tag = uniqueTag();
    const at = (ms: number) => new Date(ms).toISOString();
    const now = Date.now();

    // Units (another module's endpoints) and people: a reviewer approves, an operator sees its own unit.
    const unitA = await seed('post', '/api/units', { name: `漂移甲镇${tag}`, kind: 'town', code: `R${tag}` });
    const unitB = await seed('post', '/api/units', { name: `漂移乙局${tag}`, kind: 'department' });
    await seed('post', '/api/users', { username: `drift_rev_${tag}`, password: 'Password#1', role: 'reviewer' });
    await seed('post', '/api/users', { username: `drift_op_${tag}`, password: 'Password#1', role: 'operator', unitId: unitA.id });
    const reviewer = await t.login(`drift_rev_${tag}`, 'Password#1');
    const operator = await t.login(`drift_op_${tag}`, 'Password#1');

    // An account applied 32 days ago, approved by the reviewer, opened; edited; deregistration asked for and withdrawn.
    const account = await call(
      'post',
      '/api/accounts',
      {},
      {
        body: {
          unitId: unitA.id,
          platform: 'wechat',
          name: `漂移发布${tag}`,
          operatorName: '张三',
          operatorPhone: '0917-1234567',
          purpose: '政务信息发布',
          appliedAt: at(now - 32 * DAY),
        },
      },
    );
    const id = account.id as number;
    await call('post', '/api/accounts/{id}/transitions', { id }, { token: reviewer, body: { action: 'approve', at: at(now - 31 * DAY) } });
    await call(
      'post',
      '/api/accounts/{id}/transitions',
      { id },
      { body: { action: 'open', at: at(now - 30 * DAY), platformAccountId: `gh_drift${tag}`, homepageUrl: 'https://mp.weixin.qq.com/' } },
    );
    await call('patch', '/api/accounts/{id}', { id }, { body: { filingNumber: `备-${tag}`, purpose: '政务信息发布与解读' } });
    await call('post', '/api/accounts/{id}/transitions', { id }, { body: { action: 'request_deregistration', reason: '机构调整' } });
    await call('post', '/api/accounts/{id}/transitions', { id }, { body: { action: 'cancel_deregistration' } });
    // Re-certified (another module): the account names who confirmed it.
    await seed('post', `/api/accounts/${id}/recertify`, { certifiedSubject: unitA.name });

    // Ledger: an opened account of unit B without posts (inactive, overdue for re-certification) and a deregistered one.
    const ledger = [
      '单位,平台,账号名称,账号ID,主页链接,开设时间,状态,注销时间,多账号理由',
      `${unitB.name},微信公众号,漂移乙号${tag},gh_driftb${tag},,2021-03-05,已开设,,`,
      `${unitB.name},微博,漂移已注销${tag},98${Date.now() % 10_000_000},,2020-01-05,已注销,2022-01-01,`,
    ].join('\n');
    await call('post', '/api/accounts/import', {}, { file: [Buffer.from(ledger), 'ledger.csv'] });
    const listed = await call('get', '/api/accounts', {}, { query: `q=${encodeURIComponent(tag)}&pageSize=200` });
    const byName = (name: string) => listed.items.find((a: { name: string }) => a.name === name);
    const idB = byName(`漂移乙号${tag}`).id as number;
    const gone = byName(`漂移已注销${tag}`);
    await call('get', '/api/accounts/{id}', { id });
    const history = await call('get', '/api/accounts/{id}/history', { id });
    expect(history.length).toBeGreaterThanOrEqual(5);
    expect((await call('get', '/api/overview')).accountsByState).toMatchObject({ opened: expect.any(Number), deregistered: expect.any(Number) });
    await call('get', '/api/overview', {}, { token: operator });
    await download('/api/accounts/import/template');
    await download('/api/accounts/export');
    await download('/api/accounts/export', {}, 'format=csv');

    // The current quarter and a repost task window inside it that is already over.
    const stats = await call('get', '/api/stats/posts', {}, { query: 'groupBy=unit' });
    const quarter = stats.quarter as string;
    const issuedAt = Math.max(Date.parse(stats.from) + 60_000, now - 2 * DAY);
    const dueAt = issuedAt + (now - issuedAt) / 2;

    // Posts: the task's article reposted in time, and an own post.
    const posts = [
      '标题,链接,发布时间,类型,来源链接,来源',
      `转发:${TASK_TITLE},https://example.gov.cn/drift/${tag}/1,${at(issuedAt + (dueAt - issuedAt) / 4)},转发,${TASK_SOURCE},中国政府网`,
      `漂移原创${tag},,${at(now - HOUR)},发布,,`,
    ].join('\n');
    const stored = await call('post', '/api/accounts/{id}/posts/import', { id }, { file: [Buffer.from(posts), 'posts.csv'] });
    expect(stored.imported).toBe(2);
    await drain();
    await call('get', '/api/posts', {}, { query: `accountId=${id}` });
    await call('get', '/api/stats/posts', {}, { query: `quarter=${quarter}&groupBy=account` });
    const byPlatform = await call('get', '/api/stats/posts', {}, { query: `quarter=${quarter}&groupBy=platform` });
    expect(byPlatform.items.some((item: { id: unknown }) => typeof item.id === 'string')).toBe(true);

    // Repost tasks: one over (done by a matched post for A, confirmed by hand for B), one still open (created, imported, edited).
    const task = await call(
      'post',
      '/api/repost-tasks',
      {},
      {
        body: {
          title: TASK_TITLE,
          sourceUrl: TASK_SOURCE,
          sourceName: '中国政府网',
          issuedAt: at(issuedAt),
          dueAt: at(dueAt),
          platforms: ['wechat'],
          unitIds: [unitA.id, unitB.id],
        },
      },
    );
    const taskId = task.id as number;
    const open = await call(
      'post',
      '/api/repost-tasks',
      {},
      { body: { title: `漂移开放任务${tag}`, sourceUrl: `https://www.gov.cn/drift/${tag}.htm`, issuedAt: at(now - HOUR), dueAt: at(now + 7 * DAY) } },
    );
    await call('patch', '/api/repost-tasks/{id}', { id: open.id }, { body: { sourceName: '国务院办公厅' } });
    const csv = [
      '标题,来源链接,来源,下达时间,截止时间,平台,单位',
      `漂移导入任务${tag},https://www.gov.cn/drift/${tag}/import.htm,,${at(now - HOUR)},${at(now + 3 * DAY)},微信公众号,${unitA.name}`,
    ].join('\n');
    const imported = await call('post', '/api/repost-tasks/import', {}, { file: [Buffer.from(csv), 'tasks.csv'] });
    expect(imported.ids.length).toBe(1);
    const confirm = () =>
      call(
        'post',
        '/api/repost-tasks/{id}/confirmations',
        { id: taskId },
        { body: { accountId: idB, evidenceUrl: `https://example.gov.cn/drift/${tag}/b`, postedAt: at(issuedAt + 60_000), note: '截图已存档' } },
      );
    const first = await confirm();
    const compliance = await call('get', '/api/repost-tasks/{id}/compliance', { id: taskId });
    const evidence = compliance.items.flatMap((u: { accounts: { evidence?: object }[] }) => u.accounts.map((a) => a.evidence));
    expect(evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ postId: expect.any(Number) }), expect.objectContaining({ confirmationId: first.id, matchedBy: 'manual' })]),
    );
    await call('post', '/api/repost-tasks/{id}/confirmations/{confirmationId}/revoke', { id: taskId, confirmationId: first.id }, { body: { reason: '证据有误' } });
    const second = await confirm();
    await call('delete', '/api/repost-tasks/{id}/confirmations/{confirmationId}', { id: taskId, confirmationId: second.id });
    await call('get', '/api/repost-tasks/{id}/confirmations', { id: taskId });
    await call('get', '/api/repost-tasks/{id}/compliance', { id: taskId }, { token: operator });
    await call('get', '/api/repost-tasks/{id}/history', { id: taskId });
    const tasks = await call('get', '/api/repost-tasks', {}, { query: `quarter=${quarter}` });
    expect(tasks.items.every((item: { summary?: object }) => item.summary)).toBe(true);
    await call('get', '/api/repost-tasks/{id}', { id: taskId });
    const listing = await call('get', '/api/reports/repost-compliance', {}, { query: `quarter=${quarter}` });
    expect(listing.units.some((u: { missingTasks: unknown[] }) => u.missingTasks.length > 0)).toBe(true);
    await download('/api/reports/repost-compliance', {}, `quarter=${quarter}&format=xlsx`);
    await download('/api/repost-tasks/import/template');

    // Findings (another module) so the report lists some; targets; the report live, published, read, withdrawn.
    await seed('post', '/api/findings/scan?wait=true');
    await call('put', '/api/targets', {}, { body: { quarter, posts: 1, reposts: 1 } });
    await call('put', '/api/targets', {}, { body: { quarter, unitId: unitA.id, posts: 3, reposts: 0 } });
    await call('put', '/api/targets', {}, { body: { quarter, unitId: unitB.id, posts: 1, reposts: 0 } });
    await call('delete', '/api/targets', {}, { query: `quarter=${quarter}&unitId=${unitB.id}` });
    await call('get', '/api/targets', {}, { query: `quarter=${quarter}` });
    await call('get', '/api/targets', {}, { token: operator });
    const live = await call('get', '/api/reports/quarterly', {}, { query: `quarter=${quarter}` });
    expect(live.status).toBe('live');
    for (const list of ['inactiveAccounts', 'recertifyOverdueAccounts', 'findings'] as const) expect(live[list].length).toBeGreaterThan(0);
    // Declared optional for old snapshots only: the figures computed now always carry it.
    expect(live.units.every((row: { recertifyOverdue?: number }) => typeof row.recertifyOverdue === 'number')).toBe(true);
    const published = await call('post', '/api/reports/quarterly/publish', {}, { body: { quarter } });
    expect(published.status).toBe('published');
    await call('get', '/api/reports/quarterly', {}, { query: `quarter=${quarter}` });
    await call('get', '/api/reports/quarterly', {}, { query: `quarter=${quarter}&live=true&format=json` });
    await call('get', '/api/reports/quarterly', {}, { token: operator });
    await download('/api/reports/quarterly', {}, `quarter=${quarter}&format=xlsx`);
    await download('/api/reports/quarterly', {}, `quarter=${quarter}&format=docx`);
    await call('delete', '/api/reports/quarterly/publish', {}, { query: `quarter=${quarter}` });

    // The 总览 charts.
    await call('get', '/api/reports/overview-charts', {}, { query: `quarter=${quarter}` });
    await call('get', '/api/reports/overview-charts', {}, { token: operator });

    // Dormant accounts (僵尸号): the list and its workbook.
    await call('get', '/api/reports/dormant', {}, { query: 'days=30' });
    await call('get', '/api/reports/dormant', {}, { token: operator });
    await download('/api/reports/dormant/export', {}, 'days=30');

    // Report files built in the background.
    for (const body of [
      { report: 'quarterly', quarter, format: 'docx', live: true },
      { report: 'repost-compliance', quarter, format: 'xlsx' },
    ]) {
      const job = await call('post', '/api/reports/exports', {}, { body });
      await drain();
      const done = await until(
        'report export',
        () => call('get', '/api/reports/exports/{id}', { id: job.id }),
        (e) => e.status === 'done' || e.status === 'failed',
      );
      expect(done.status).toBe('done');
      await download('/api/reports/exports/{id}/file', { id: job.id });
    }

    // The public directory: listed accounts, units, each verification answer, the embed, the files.
    await call('get', '/api/public/accounts', {}, { query: `unitId=${unitA.id}` });
    const units = await call('get', '/api/public/units');
    expect(units.some((u: { id: number }) => u.id === unitB.id)).toBe(true);
    expect((await call('get', '/api/public/verify', {}, { query: `platform=wechat&id=gh_drift${tag}` })).verified).toBe(true);
    expect((await call('get', '/api/public/verify', {}, { query: `platform=weibo&id=${gone.platformAccountId}` })).status).toBe('deregistered');
    expect(await call('get', '/api/public/verify', {}, { query: `platform=wechat&id=gh_nobody${tag}` })).toEqual({ verified: false });
    await call('get', '/api/public/embed.json', {}, { query: `unitId=${unitA.id}` });
    await download('/api/public/accounts.csv');
    await download('/api/public/accounts.xlsx');

    if (problems.length) console.log(`answers that differ from their declared schema:\n${problems.join('\n')}`);
    expect(problems).toEqual([]);

    // Coverage: every JSON operation of these modules was checked, and every download fetched.
    const operations = operationsOf(doc);
    const json = [...operations].filter(([, kind]) => kind === 'json').map(([name]) => name);
    const files = [...operations].filter(([, kind]) => kind === 'file').map(([name]) => name);
    console.log(
      `registry drift check: ${checked.size}/${json.length} JSON operations checked; ${files.filter((name) => downloaded.has(name)).length}/${files.length} file operations and ${downloaded.size - files.length} JSON-or-file operations downloaded`,
    );
    expect([...operations].filter(([, kind]) => kind === 'empty').map(([name]) => name)).toEqual([]);
    expect(json.filter((name) => !checked.has(name))).toEqual([]);
    expect(files.filter((name) => !downloaded.has(name))).toEqual([]);
  });
});
