import { DataSource } from 'typeorm';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { ledgerAccounts } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { Fixture, seedFixture, uniqueTag } from './support/fixtures';

/**
 * Incremental content scans (全文检查): a scan reads only new or changed posts (by content hash
 * and ruleset fingerprint); a corrected or deleted post's findings resolve; an edit of the
 * 错敏词 library or of the leaders starts one rescan run with progress; rescans add no duplicates.
 */
describe.each(databasesUnderTest())('content rescans: incremental by content hash, rules changes as runs (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  const tag = uniqueTag();
  const WORD = `增量错词${tag}`;
  const LATER_WORD = `后加错词${tag}`;

  beforeAll(async () => {
    // A short debounce keeps the test quick; a burst of edits within it still gives one rescan.
    t = await startApp(kind, { RULES_RESCAN_DELAY_MS: '1500' });
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const admin = () => bearer(t.adminToken);
  const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();
  const scan = async (query = '') => {
    await drain();
    const res = await t.http.post(`/api/findings/scan?wait=true${query}`).set(admin());
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('done');
    return res.body;
  };
  const findingsOf = async (accountId: number) => (await t.http.get(`/api/findings?pageSize=200&accountId=${accountId}`).set(admin())).body.items as any[];
  const importPosts = async (accountId: number, rows: string[]) => {
    const csv = ['标题,链接,发布时间,类型,正文', ...rows].join('\n');
    const res = await t.http.post(`/api/accounts/${accountId}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    expect(res.status).toBe(200);
    await drain();
  };
  const rulesRuns = async () => (await t.http.get('/api/findings/scans?trigger=rules').set(admin())).body as any[];

  let accountId: number;
  const postIds = new Map<string, number>();

  it('scans new posts once; an unchanged post is skipped by the next scan', async () => {
    expect((await t.http.post('/api/error-words').set(admin()).send({ wrong: WORD, correct: '正确写法', category: 'common' })).status).toBe(201);
    // Let the rescan the new word starts finish before counting.
    await waitFor(async () => (await rulesRuns()).some((r) => r.status === 'done'));
    [accountId] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    await importPosts(accountId, [
      `通知一,https://inc.example.gov.cn/${tag}/1,2023-08-01 10:00,发布,正文里有${WORD}一处`,
      `通知二,https://inc.example.gov.cn/${tag}/2,2023-08-02 10:00,发布,请致电13812345678咨询`,
      `通知三,https://inc.example.gov.cn/${tag}/3,2023-08-03 10:00,发布,干净的正文,稍后加词`,
    ]);
    const posts = (await t.http.get(`/api/posts?accountId=${accountId}&pageSize=50`).set(admin())).body.items as any[];
    for (const p of posts) postIds.set(p.title, p.id);

    const first = await scan();
    expect(first.postsTotal).toBeGreaterThanOrEqual(3);
    const open = (await findingsOf(accountId)).filter((x) => x.status === 'open' && x.subjectType === 'post');
    expect(open.map((x) => [x.kind, Number(x.subjectId)]).sort()).toEqual(
      [
        ['error_word', postIds.get('通知一')],
        ['privacy_leak', postIds.get('通知二')],
      ].sort(),
    );

    // Nothing changed: nothing read again.
    const second = await scan();
    expect(second).toMatchObject({ posts: 0, skipped: second.postsTotal, opened: 0, resolved: 0, full: false });
    expect(second.ruleset).toBe(first.ruleset);
  });

  it('a corrected post is scanned again and its hit resolves; a deleted post’s findings resolve', async () => {
    // The same post (same link) imported again with its text corrected.
    await importPosts(accountId, [`通知一,https://inc.example.gov.cn/${tag}/1,2023-08-01 10:00,发布,正文已更正`]);
    const corrected = await scan();
    expect(corrected.posts).toBe(0); // the correction's own scan (after the import) already read it
    const errorWord = (await findingsOf(accountId)).find((x) => x.kind === 'error_word');
    expect(errorWord).toMatchObject({ status: 'resolved', subjectId: String(postIds.get('通知一')) });

    await t.app.get(DataSource).query('DELETE FROM posts WHERE id = ?', [postIds.get('通知二')]);
    const afterDelete = await scan();
    expect(afterDelete.resolved).toBe(1);
    expect((await findingsOf(accountId)).find((x) => x.kind === 'privacy_leak')).toMatchObject({ status: 'resolved', subjectId: String(postIds.get('通知二')) });
  });

  it('a burst of library edits starts one rescan run with progress, which finds the new word', async () => {
    // A post whose text holds a word the library does not have yet: no hit.
    await importPosts(accountId, [`通知四,https://inc.example.gov.cn/${tag}/4,2023-08-04 10:00,发布,这里有${LATER_WORD}`]);
    expect((await findingsOf(accountId)).filter((x) => x.kind === 'error_word' && x.status === 'open')).toEqual([]);
    const before = Math.max(0, ...(await rulesRuns()).map((r) => r.id));
    const created = await t.http.post('/api/error-words').set(admin()).send({ wrong: LATER_WORD, correct: '正确', category: 'common' });
    expect(created.status).toBe(201);
    await t.http.patch(`/api/error-words/${created.body.id}`).set(admin()).send({ severity: 'serious' });
    await t.http.patch(`/api/error-words/${created.body.id}`).set(admin()).send({ note: '测试' });

    await waitFor(async () => (await rulesRuns()).some((r) => r.id > before && r.status === 'done'));
    await drain();
    const runs = (await rulesRuns()).filter((r) => r.id > before);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'done', trigger: 'rules', accounts: 0, skipped: 0 });
    // Every post is read again under the new ruleset; the run reports it as it goes (posts of postsTotal).
    expect(runs[0].posts).toBe(runs[0].postsTotal);
    expect(runs[0].postsTotal).toBeGreaterThanOrEqual(3);
    const hit = (await findingsOf(accountId)).find((x) => x.kind === 'error_word' && x.status === 'open');
    expect(hit.evidence.words).toEqual([expect.objectContaining({ wrong: LATER_WORD, severity: 'serious' })]);

    // The 运行状态 page shows the run with its progress.
    const system = await t.http.get('/api/system/status').set(admin());
    expect(system.body.recentRuns).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'findings_scan', id: runs[0].id, trigger: 'rules', total: runs[0].postsTotal })]),
    );
  });

  it('a leaders change rescans too; an unchanged list does not', async () => {
    const before = Math.max(0, ...(await rulesRuns()).map((r) => r.id));
    const leaders = [{ name: `王${tag.slice(-2)}`, title: '区长', validFrom: '2020-01-01' }];
    expect((await t.http.put('/api/leaders').set(admin()).send(leaders)).status).toBe(200);
    await waitFor(async () => (await rulesRuns()).some((r) => r.id > before && r.status === 'done'));
    await drain();
    const after = Math.max(...(await rulesRuns()).map((r) => r.id));
    expect(after).toBeGreaterThan(before);
    expect((await t.http.put('/api/leaders').set(admin()).send(leaders)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await drain();
    expect(Math.max(...(await rulesRuns()).map((r) => r.id))).toBe(after);
  });

  it('a full scan reads every post again and adds no duplicate', async () => {
    const before = await findingsOf(accountId);
    const full = await scan('&full=true');
    expect(full).toMatchObject({ full: true, skipped: 0, opened: 0 });
    expect(full.posts).toBe(full.postsTotal);
    const after = await findingsOf(accountId);
    expect(after.map((x) => [x.id, x.status]).sort()).toEqual(before.map((x) => [x.id, x.status]).sort());
    const open = after.filter((x) => x.status === 'open').map((x) => `${x.kind}:${x.subjectId}`);
    expect(new Set(open).size).toBe(open.length);
    // Bad input: a `full` that is not a boolean is a 400, nothing queued.
    expect((await t.http.post('/api/findings/scan?full=maybe').set(admin())).status).toBe(400);
    expect((await t.http.get('/api/findings/scans?trigger=nightly').set(admin())).status).toBe(400);
    expect((await t.http.get('/api/findings/scans').set(bearer(f.operatorAToken))).status).toBe(403);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
