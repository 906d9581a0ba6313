/**
 * Inspections (检查评分, api.md v1.1, issue #19) through the HTTP API: reproducible sampling and
 * rechecks, every default indicator hit and not hit with its evidence, the score arithmetic and
 * caps, manual items, summaries equal to the rows, finalize freezing, exports parsed, the
 * quarterly report's `inspection`, operator scoping and bad input.
 *
 * The veto items' finding kinds come from the built-in detectors: `privacy_leak` (an unmasked
 * resident ID in a title) and `leader_title_error` (a leader named with a title not theirs).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DataSource } from 'typeorm';
import { InspectionEvaluationService } from '../../src/modules/inspections/inspection-evaluation.service';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { ledgerAccounts } from '../simulator/e2e-helpers';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError } from './support/fixtures';

const WRONG = '检查错词';

async function xlsxRows(body: Buffer): Promise<{ sheet: ExcelJS.Worksheet; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { sheet, rows };
}

async function docxText(body: Buffer): Promise<{ text: string; xml: string; footer: string }> {
  const zip = await JSZip.loadAsync(body);
  const xml = await zip.file('word/document.xml')!.async('string');
  const footerFile = Object.keys(zip.files).find((n) => /word\/footer\d*\.xml/.test(n));
  const footer = footerFile ? await zip.file(footerFile)!.async('string') : '';
  return { text: [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''), xml, footer };
}

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe.each(databasesUnderTest())('inspections (%s)', (kind) => {
  let t: TestApp;
  let db: DataSource;
  const u: Record<string, { id: number; name: string }> = {};
  const a: Record<string, number> = {};
  let reviewer: string, operator: string, viewer: string;
  let roundId: number;
  const admin = () => bearer(t.adminToken);
  const drain = () => t.app.get<JobQueue>(JOB_QUEUE).drain();
  const q = (name: string) => (kind === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const sqlTime = (at: string) => (kind === 'mysql' ? new Date(at) : new Date(at).toISOString().replace('T', ' ').replace('Z', ''));

  const importPosts = async (id: number, rows: [string, string][]) => {
    const csv = ['标题,链接,发布时间,类型', ...rows.map(([title, at], i) => `${title},https://example.gov.cn/p/${id}/${Date.now()}-${i},${at},发布`)].join('\n');
    const res = await t.http.post(`/api/accounts/${id}/posts/import`).set(admin()).attach('file', Buffer.from(csv), 'posts.csv');
    expect(res.status).toBe(200);
    await drain();
  };
  const unit = async (name: string, code: string) => {
    const res = await t.http.post('/api/units').set(admin()).send({ name, kind: 'town', code });
    expect(res.status).toBe(201);
    return res.body as { id: number; name: string };
  };
  const user = async (role: string, unitId?: number) => {
    const username = `${role}_insp`;
    const res = await t.http
      .post('/api/users')
      .set(admin())
      .send({ username, password: 'Password#1', role, ...(unitId ? { unitId } : {}) });
    expect(res.status).toBe(201);
    return t.login(username, 'Password#1');
  };
  const column = async (accountId: number, name: string, checks: [string, string][]) => {
    const res = await t.http
      .post(`/api/accounts/${accountId}/columns`)
      .set(admin())
      .send({ name, url: `https://example.gov.cn/${accountId}/${encodeURIComponent(name)}/` });
    expect(res.status).toBe(201);
    for (const [health, at] of checks) {
      await db.query(
        `INSERT INTO ${q('link_checks')} (${['column_id', 'health', 'reason', 'redirects', 'requests', 'duration_ms', 'confirmation', 'checked_at'].map(q).join(', ')}) VALUES (?, ?, ?, 0, 1, 10, 0, ?)`,
        [res.body.id, health, health === 'ok' ? 'ok' : 'http_status', sqlTime(at)],
      );
    }
    return res.body as { id: number; url: string };
  };
  const create = async (body: Record<string, unknown>, token = t.adminToken) => {
    const res = await t.http.post('/api/inspections').set(bearer(token)).send(body);
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const evaluate = async (id: number) => {
    const res = await t.http.post(`/api/inspections/${id}/evaluate`).set(bearer(reviewer));
    expect(res.status).toBe(202);
    await drain();
    const round = await t.http.get(`/api/inspections/${id}`).set(admin());
    expect(round.body.evaluation).toMatchObject({ status: 'done', done: round.body.accounts, total: round.body.accounts });
    return res.body;
  };
  const rows = async (id: number, token = t.adminToken, query = '') => {
    const res = await t.http.get(`/api/inspections/${id}/accounts?pageSize=200${query}`).set(bearer(token));
    if (res.status !== 200) throw new Error(`accounts: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items as any[];
  };
  const rowOf = async (id: number, accountId: number) => (await rows(id)).find((r) => r.accountId === accountId);

  beforeAll(async () => {
    t = await startApp(kind, { SOURCE_ALLOW_PRIVATE: 'true' });
    db = t.app.get(DataSource);
    u.one = await unit('检查一镇', 'I1');
    u.two = await unit('检查二镇', 'I2');
    u.three = await unit('检查三局', 'I3');
    [a.clean, a.silent, a.capped] = await ledgerAccounts(t, u.one.name, '微信公众号', 3);
    [a.deducted, a.leak] = await ledgerAccounts(t, u.two.name, '微信公众号', 2);
    [a.serious, a.stale] = await ledgerAccounts(t, u.three.name, '微博', 2);
    reviewer = await user('reviewer');
    viewer = await user('viewer');
    operator = await user('operator', u.one.id);

    expect((await t.http.post('/api/error-words').set(admin()).send({ wrong: WRONG, correct: '检查正词', category: 'common' })).status).toBe(201);
    const recent = '2023-09-25T10:00:00+08:00';
    await importPosts(a.clean, [['一镇九月动态', recent]]);
    await importPosts(a.silent, [['一镇八月动态', '2023-09-01T10:00:00+08:00']]);
    await importPosts(a.capped, [
      ['一镇近况', recent],
      ...[...Array(12).keys()].map((i) => [`${WRONG}第${i}条`, `2023-08-${String(i + 10).padStart(2, '0')}T09:00:00+08:00`] as [string, string]),
    ]);
    await importPosts(a.deducted, [
      ['二镇近况', recent],
      [`${WRONG}一`, '2023-07-15T09:00:00+08:00'],
      [`${WRONG}二`, '2023-08-15T09:00:00+08:00'],
      // Evidence after the inspection date: not counted.
      [`${WRONG}十月`, '2023-10-05T09:00:00+08:00'],
    ]);
    await importPosts(a.leak, [
      ['二镇另一号近况', recent],
      ['公示名单 11010519491231002X 张某', '2023-08-20T09:00:00+08:00'],
    ]);
    expect(
      (
        await t.http
          .put('/api/leaders')
          .set(admin())
          .send([
            { name: '周建国', title: '区委书记', validFrom: '2021-06-01' },
            { name: '李明', title: '区长', validFrom: '2021-06-01' },
          ])
      ).status,
    ).toBe(200);
    await importPosts(a.serious, [['三局近况 周建国区长调研', recent]]);
    await importPosts(a.stale, [['三局另一号近况', recent]]);
    expect((await t.http.post('/api/findings/scan?wait=true').set(admin())).body.status).toBe('done');

    // Broken at the inspection date; broken only after it; never checked by then.
    await column(a.deducted, '政务公开', [
      ['ok', '2023-08-01T00:00:00Z'],
      ['broken', '2023-09-20T00:00:00Z'],
      ['ok', '2023-10-10T00:00:00Z'],
    ]);
    await column(a.deducted, '办事服务', [
      ['ok', '2023-09-01T00:00:00Z'],
      ['broken', '2023-10-05T00:00:00Z'],
    ]);
    await column(a.clean, '新栏目', [['broken', '2023-11-01T00:00:00Z']]);

    const task = await t.http
      .post('/api/repost-tasks')
      .set(admin())
      .send({
        title: '国务院办公厅关于检查评分的通知',
        sourceUrl: 'https://www.gov.cn/zhengce/content/2023-08/10/content_5799999.htm',
        issuedAt: '2023-08-10T09:00:00+08:00',
        dueAt: '2023-08-12T18:00:00+08:00',
        platforms: ['wechat'],
        unitIds: [u.two.id],
      });
    expect(task.status).toBe(201);
    await drain();
    // Default target 1 post; 检查三局 has its own target of 10 (it published 1 original post).
    expect((await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q3', posts: 1, reposts: 0 })).status).toBe(200);
    expect((await t.http.put('/api/targets').set(admin()).send({ quarter: '2023Q3', unitId: u.three.id, posts: 10, reposts: 0 })).status).toBe(200);
  }, 120_000);
  afterAll(() => t.close());

  it('serves the ten default indicators', async () => {
    const res = await t.http.get('/api/inspection-indicators').set(bearer(viewer));
    expect(res.status).toBe(200);
    expect(res.body.map((i: any) => i.code)).toEqual([
      'security_leak',
      'serious_error',
      'no_update',
      'no_interaction',
      'stale_update',
      'error_word',
      'broken_column',
      'repost_missing',
      'slow_reply',
      'feature_broken',
    ]);
  });

  it('draws the same accounts for the same seed, from every unit, within the filters', async () => {
    const first = await create({ quarter: '2023Q3', sampleRate: 0.5, seed: 7 });
    const second = await create({ quarter: '2023Q3', sampleRate: 0.5, seed: 7 });
    expect(first).toMatchObject({ quarter: '2023Q3', status: 'open', sampleRate: 0.5, seed: 7, accounts: 4 });
    expect(new Date(first.inspectionDate).toISOString()).toBe('2023-09-30T15:59:59.999Z');
    const ids = async (id: number) => (await rows(id)).map((r) => r.accountId).sort();
    expect(await ids(second.id)).toEqual(await ids(first.id));
    // ⌈0.5 × 3⌉ = 2 of 检查一镇, 1 each of the others: no unit skipped.
    const units = (await rows(first.id)).map((r) => r.unitId);
    expect(units.filter((id) => id === u.one.id)).toHaveLength(2);
    expect(units.filter((id) => id === u.two.id)).toHaveLength(1);
    expect(units.filter((id) => id === u.three.id)).toHaveLength(1);
    const drawn = await create({ quarter: '2023Q3', sampleRate: 0.3 });
    expect(drawn.seed).toEqual(expect.any(Number));
    const scoped = await create({ quarter: '2023Q3', unitIds: [u.three.id], platforms: ['weibo'] });
    expect((await rows(scoped.id)).map((r) => r.accountId).sort()).toEqual([a.serious, a.stale].sort());
  });

  it('evaluates every default indicator from the data as of the inspection date, with evidence', async () => {
    const round = await create({ quarter: '2023Q3', seed: 1 }, reviewer);
    roundId = round.id;
    expect(round.accounts).toBe(7);
    await evaluate(roundId);

    const clean = await rowOf(roundId, a.clean);
    expect(clean).toMatchObject({ score: 100, verdict: 'pass', vetoes: [], deductions: [], reasons: [] });

    const silent = await rowOf(roundId, a.silent);
    expect(silent).toMatchObject({ score: 0, verdict: 'fail' });
    expect(silent.vetoes).toEqual([{ code: 'no_update', name: '内容不更新', evidence: [expect.objectContaining({ kind: 'post', title: '一镇八月动态' })] }]);

    const deducted = await rowOf(roundId, a.deducted);
    const byCode = Object.fromEntries(deducted.deductions.map((d: any) => [d.code, d]));
    expect(Object.keys(byCode).sort()).toEqual(['broken_column', 'error_word', 'repost_missing']);
    expect(byCode.error_word).toMatchObject({ count: 2, points: 4 });
    expect(byCode.error_word.evidence.every((e: any) => e.kind === 'finding' && typeof e.id === 'number' && /^https:\/\/example\.gov\.cn\//.test(e.url))).toBe(true);
    expect(byCode.broken_column).toMatchObject({ count: 1, points: 5, evidence: [expect.objectContaining({ kind: 'column', title: '政务公开' })] });
    expect(byCode.repost_missing).toMatchObject({ count: 1, points: 5, evidence: [expect.objectContaining({ kind: 'task', title: '国务院办公厅关于检查评分的通知' })] });
    expect(deducted).toMatchObject({ score: 86, verdict: 'pass', vetoes: [] });

    const leak = await rowOf(roundId, a.leak);
    expect(leak).toMatchObject({ score: 0, verdict: 'fail' });
    expect(leak.vetoes.map((v: any) => v.code)).toEqual(['security_leak']);
    expect(leak.vetoes[0].evidence[0]).toMatchObject({ kind: 'finding', id: expect.any(Number) });
    // 检查二镇's accounts are both on WeChat and required by the task: the leak account missed it too.
    expect(leak.deductions.map((d: any) => d.code)).toEqual(['repost_missing']);

    const serious = await rowOf(roundId, a.serious);
    expect(serious.vetoes.map((v: any) => v.code)).toEqual(['serious_error']);
    expect(serious.deductions.map((d: any) => d.code)).toEqual(['stale_update']);

    const stale = await rowOf(roundId, a.stale);
    expect(stale).toMatchObject({ score: 90, verdict: 'pass', vetoes: [] });
    expect(stale.deductions).toEqual([
      { code: 'stale_update', name: '发布数量不足', count: 1, points: 10, evidence: [expect.objectContaining({ kind: 'unit', note: expect.stringContaining('发布任务 10 条') })] },
    ]);

    // 12 error words × 2 = 24, capped at 20.
    const capped = await rowOf(roundId, a.capped);
    expect(capped.deductions).toEqual([expect.objectContaining({ code: 'error_word', count: 12, points: 20 })]);
    expect(capped).toMatchObject({ score: 80, verdict: 'pass' });

    // Evaluating again gives the same result.
    const before = await rows(roundId);
    await evaluate(roundId);
    expect(await rows(roundId)).toEqual(before);
  });

  it('records manual items, re-scores at once, fails below 60 and on a manual veto', async () => {
    const put = (accountId: number, items: unknown[]) => t.http.put(`/api/inspections/${roundId}/accounts/${accountId}/manual`).set(bearer(reviewer)).send({ items });
    let res = await put(a.capped, [{ code: 'slow_reply', hit: true, count: 5, note: '留言超期未复', evidenceUrl: 'https://example.gov.cn/shot/1.png' }]);
    expect(res.status).toBe(200);
    // 100 − 20 (error words, capped) − 20 (5 × 5 slow replies, capped at 20) = 60: passes.
    expect(res.body).toMatchObject({ score: 60, verdict: 'pass' });
    expect(res.body.deductions.find((d: any) => d.code === 'slow_reply')).toMatchObject({
      count: 5,
      points: 20,
      evidence: [{ kind: 'manual', url: 'https://example.gov.cn/shot/1.png', note: '留言超期未复' }],
    });
    res = await put(a.capped, [{ code: 'feature_broken', hit: true }]);
    expect(res.body).toMatchObject({ score: 55, verdict: 'fail' });
    expect(res.body.reasons).toEqual(['一般错敏词 12 处（扣 20 分）', '留言回复不及时 5 处（扣 20 分）', '功能不可用（扣 5 分）']);

    res = await put(a.clean, [{ code: 'no_interaction', hit: true, note: '留言入口打不开', evidenceUrl: 'https://example.gov.cn/shot/2.png' }]);
    expect(res.body).toMatchObject({ score: 0, verdict: 'fail', vetoes: [expect.objectContaining({ code: 'no_interaction' })] });
    res = await put(a.clean, [{ code: 'no_interaction', hit: false, note: '复核可用' }]);
    expect(res.body).toMatchObject({ score: 100, verdict: 'pass', vetoes: [] });
    expect(res.body.manual).toEqual([expect.objectContaining({ code: 'no_interaction', hit: false, note: '复核可用' })]);
    // Re-evaluating keeps the manual items.
    await evaluate(roundId);
    expect(await rowOf(roundId, a.capped)).toMatchObject({ score: 55, verdict: 'fail' });
  });

  it('summarises 合格率 overall, by unit and by platform exactly as the rows say', async () => {
    const round = (await t.http.get(`/api/inspections/${roundId}`).set(admin())).body;
    const list = await rows(roundId);
    const passed = list.filter((r) => r.verdict === 'pass').length;
    expect(round.summary).toMatchObject({ accounts: list.length, passed, failed: list.length - passed, passRate: Math.round((passed / list.length) * 10000) / 10000 });
    expect(round.summary).toMatchObject({ accounts: 7, passed: 3, failed: 4 });
    for (const byUnit of round.summary.byUnit) {
      const mine = list.filter((r) => r.unitId === byUnit.unitId);
      expect(byUnit).toMatchObject({ accounts: mine.length, passed: mine.filter((r) => r.verdict === 'pass').length });
    }
    expect(round.summary.byUnit.map((x: any) => x.unitName)).toEqual([u.one.name, u.two.name, u.three.name]);
    for (const byPlatform of round.summary.byPlatform) {
      const mine = list.filter((r) => r.platform === byPlatform.platform);
      expect(byPlatform).toMatchObject({ accounts: mine.length, failed: mine.filter((r) => r.verdict === 'fail').length });
    }
    const failed = await rows(roundId, t.adminToken, '&verdict=fail');
    expect(failed.map((r) => r.accountId).sort()).toEqual([a.silent, a.capped, a.leak, a.serious].sort());
    expect((await rows(roundId, t.adminToken, `&unitId=${u.three.id}`)).map((r) => r.accountId).sort()).toEqual([a.serious, a.stale].sort());
  });

  it('joins a second evaluation started at once', async () => {
    const [x, y] = await Promise.all([0, 1].map(() => t.http.post(`/api/inspections/${roundId}/evaluate`).set(admin())));
    expect([x.status, y.status]).toEqual([202, 202]);
    await drain();
    if (y.body.id !== x.body.id) {
      // The first had already finished when the second came in: they ran one after the other, never together.
      const runs = await db.query(
        `SELECT ${q('id')} AS id, ${q('started_at')} AS started, ${q('finished_at')} AS finished FROM ${q('inspection_evaluations')} WHERE ${q('id')} IN (?, ?) ORDER BY ${q('id')}`,
        [x.body.id, y.body.id],
      );
      expect(runs).toHaveLength(2);
      expect(new Date(runs[0].finished).getTime()).toBeLessThanOrEqual(new Date(runs[1].started).getTime());
    }
    const round = (await t.http.get(`/api/inspections/${roundId}`).set(admin())).body;
    expect(round.evaluation).toMatchObject({ id: Math.max(x.body.id, y.body.id), status: 'done' });
  });

  it('lists evaluation runs on 运行状态 with their state, progress and times', async () => {
    const started = await evaluate(roundId);
    const res = await t.http.get('/api/system/status').set(admin());
    expect(res.status).toBe(200);
    const run = res.body.recentRuns.find((r: any) => r.kind === 'inspection_evaluation' && r.id === started.id);
    const round = (await t.http.get(`/api/inspections/${roundId}`).set(admin())).body;
    expect(run).toEqual({
      kind: 'inspection_evaluation',
      id: started.id,
      roundId,
      status: 'done',
      trigger: 'manual',
      total: round.accounts,
      done: round.accounts,
      createdAt: expect.any(String),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(Date.parse(run.startedAt)).toBeLessThanOrEqual(Date.parse(run.finishedAt));
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(round.evaluatedAt));
    // Newest first, among the other kinds of runs.
    const times = res.body.recentRuns.map((r: any) => r.startedAt ?? r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('fails a run a stopped process left running, so the round can be evaluated and finalized again', async () => {
    const round = await create({ quarter: '2023Q3', unitIds: [u.three.id] });
    await db.query(`INSERT INTO ${q('inspection_evaluations')} (${['round_id', 'status', 'done', 'total', 'created_at'].map(q).join(', ')}) VALUES (?, 'running', 1, 2, ?)`, [
      round.id,
      sqlTime(new Date().toISOString()),
    ]);
    expectError(await t.http.post(`/api/inspections/${round.id}/finalize`).set(admin()), 409);
    await t.app.get(InspectionEvaluationService).onApplicationBootstrap();
    expect((await t.http.get(`/api/inspections/${round.id}`).set(admin())).body.evaluation).toMatchObject({ status: 'failed', error: expect.stringContaining('中断') });
    await evaluate(round.id);
    expect((await t.http.post(`/api/inspections/${round.id}/finalize`).set(admin())).status).toBe(200);
  });

  it('finalizes: frozen against later data, edits answer 409', async () => {
    const before = await rows(roundId);
    const res = await t.http.post(`/api/inspections/${roundId}/finalize`).set(bearer(reviewer));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'final', finalizedAt: expect.any(String) });
    // A post inside the window, imported now, would lift the 内容不更新 veto: it changes nothing.
    await importPosts(a.silent, [['一镇补录', '2023-09-28T10:00:00+08:00']]);
    expect(await rows(roundId)).toEqual(before);
    expectError(await t.http.post(`/api/inspections/${roundId}/evaluate`).set(admin()), 409);
    expectError(
      await t.http
        .put(`/api/inspections/${roundId}/accounts/${a.clean}/manual`)
        .set(admin())
        .send({ items: [{ code: 'slow_reply', hit: true }] }),
      409,
    );
    expectError(await t.http.post(`/api/inspections/${roundId}/finalize`).set(admin()), 409);
    expect(await rows(roundId)).toEqual(before);
  });

  it('exports the results table and the bulletin section, and the quarterly report shows 合格率', async () => {
    const xlsx = await t.http.get(`/api/inspections/${roundId}/report?format=xlsx`).set(admin()).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const { sheet, rows: cells } = await xlsxRows(xlsx.body);
    expect(cells[0][0]).toBe('2023年第三季度政务新媒体检查结果表');
    expect(cells[2]).toEqual(['序号', '单位', '平台', '账号名称', '得分', '结论', '复查', '原因']);
    expect(cells.slice(3)).toHaveLength(7);
    const silentRow = cells.slice(3).find((r) => String(r[1]) === u.one.name && String(r[7]).includes('内容不更新'));
    expect(silentRow).toBeDefined();
    expect(silentRow![5]).toBe('不合格');
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(sheet.headerFooter.oddFooter).toContain('&P');

    const docx = await t.http.get(`/api/inspections/${roundId}/report?format=docx`).set(admin()).buffer(true).parse(binary);
    expect(docx.status).toBe(200);
    const { text, xml, footer } = await docxText(docx.body);
    expect(text).toContain('2023年第三季度政务新媒体检查情况');
    expect(text).toContain('合格率42.9%');
    expect(text).toContain('内容不更新（单项否决）');
    expect(text).toContain('复查情况');
    expect(xml).toContain('w:tbl');
    expect(footer).toContain('PAGE');

    const json = await t.http.get(`/api/inspections/${roundId}/report`).set(admin());
    expect(json.body.accounts).toHaveLength(7);

    const report = await t.http.get('/api/reports/quarterly?quarter=2023Q3').set(admin());
    expect(report.body.inspection).toMatchObject({ id: roundId, passRate: 0.4286, accounts: 7, passed: 3 });
    expect(report.body.inspection.failed.map((f: any) => f.accountId).sort()).toEqual([a.silent, a.capped, a.leak, a.serious].sort());
    const bulletin = await t.http.get('/api/reports/quarterly?quarter=2023Q3&format=docx').set(admin()).buffer(true).parse(binary);
    expect((await docxText(bulletin.body)).text).toContain('合格率42.9%');
    expect((await t.http.get('/api/reports/quarterly?quarter=2023Q2').set(admin())).body.inspection).toBeNull();
  });

  it('includes last final round’s failures as rechecks, and shows which were fixed', async () => {
    await importPosts(a.silent, [['一镇十二月', '2023-12-25T10:00:00+08:00']]);
    await importPosts(a.leak, [['二镇十二月', '2023-12-25T10:00:00+08:00']]);
    const round = await create({ quarter: '2023Q4', sampleRate: 0.01, seed: 3 });
    const list = await rows(round.id);
    const rechecks = list.filter((r) => r.recheck).map((r) => r.accountId);
    expect(rechecks.sort()).toEqual([a.silent, a.capped, a.leak, a.serious].sort());
    expect(round.recheckOf).toBe(roundId);
    await evaluate(round.id);
    const silent = await rowOf(round.id, a.silent);
    expect(silent).toMatchObject({ recheck: true, verdict: 'pass', fixed: true });
    const summary = (await t.http.get(`/api/inspections/${round.id}`).set(admin())).body.summary;
    expect(summary.rechecked).toBe(4);
    expect(summary.fixed).toBe((await rows(round.id)).filter((r) => r.fixed).length);
    // Filters bound the rechecks too.
    const scoped = await create({ quarter: '2023Q4', unitIds: [u.three.id] });
    expect((await rows(scoped.id)).filter((r) => r.recheck).map((r) => r.accountId)).toEqual([a.serious]);
  });

  it('keeps a round’s indicator set when the set is edited later', async () => {
    const current = (await t.http.get('/api/inspection-indicators').set(admin())).body;
    const edited = current.map((i: any) => (i.code === 'error_word' ? { ...i, points: 3, cap: 30 } : i));
    const put = await t.http.put('/api/inspection-indicators').set(admin()).send(edited);
    expect(put.status).toBe(200);
    expect(put.body.find((i: any) => i.code === 'error_word')).toMatchObject({ points: 3, cap: 30 });
    const old = (await t.http.get(`/api/inspections/${roundId}`).set(admin())).body;
    expect(old.indicators.find((i: any) => i.code === 'error_word')).toMatchObject({ points: 2, cap: 20 });
    const fresh = await create({ quarter: '2023Q3', unitIds: [u.one.id], seed: 5 });
    expect(fresh.indicators.find((i: any) => i.code === 'error_word')).toMatchObject({ points: 3, cap: 30 });
    expect((await t.http.put('/api/inspection-indicators').set(admin()).send(current)).status).toBe(200);
  });

  it('scopes operators to their own unit', async () => {
    const mine = await rows(roundId, operator);
    expect(mine.length).toBe(3);
    expect(mine.every((r) => r.unitId === u.one.id)).toBe(true);
    expectError(await t.http.get(`/api/inspections/${roundId}/accounts?unitId=${u.two.id}`).set(bearer(operator)), 403);
    const round = (await t.http.get(`/api/inspections/${roundId}`).set(bearer(operator))).body;
    expect(round.summary.accounts).toBe(3);
    expect(round.summary.byUnit.map((x: any) => x.unitId)).toEqual([u.one.id]);
    expectError(await t.http.get(`/api/inspections/${roundId}/report?format=xlsx`).set(bearer(operator)), 403);
    expect((await t.http.get(`/api/inspections/${roundId}/report`).set(bearer(operator))).body.accounts).toHaveLength(3);
    const report = (await t.http.get('/api/reports/quarterly?quarter=2023Q3').set(bearer(operator))).body;
    expect(report.inspection.failed.every((f: any) => f.unitId === u.one.id)).toBe(true);
    expectError(await t.http.post('/api/inspections').set(bearer(operator)).send({ quarter: '2023Q3' }), 403);
    expectError(await t.http.post(`/api/inspections/${roundId}/evaluate`).set(bearer(viewer)), 403);
    expectError(await t.http.put('/api/inspection-indicators').set(bearer(reviewer)).send([]), 403);
  });

  it('refuses bad input with a Chinese message and changes nothing', async () => {
    const indicators = (await t.http.get('/api/inspection-indicators').set(admin())).body;
    const rounds = (await t.http.get('/api/inspections').set(admin())).body.total;
    const bad = async (body: object) => {
      const res = await t.http.put('/api/inspection-indicators').set(admin()).send(body);
      expectError(res, 400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
      return res.body.message as string;
    };
    expect(await bad(indicators.map((i: any) => (i.code === 'error_word' ? { ...i, type: 'penalty' } : i)))).toContain('类型');
    expect(await bad(indicators.map((i: any) => (i.code === 'error_word' ? { ...i, points: -1 } : i)))).toContain('分值');
    expect(await bad(indicators.map((i: any) => (i.code === 'error_word' ? { ...i, points: 5, cap: 2 } : i)))).toContain('上限');
    expect(await bad([...indicators, { code: 'made_up', name: '自造', type: 'veto', basis: 'auto', points: 0, cap: 0 }])).toContain('made_up');
    expect(await bad({ not: 'an array' })).toContain('数组');
    expect((await t.http.get('/api/inspection-indicators').set(admin())).body).toEqual(indicators);

    for (const body of [
      { quarter: '2023Q5' },
      { quarter: '2023-3' },
      { quarter: '2023Q3', sampleRate: 0 },
      { quarter: '2023Q3', sampleRate: 1.5 },
      { quarter: '2099Q1' },
      { quarter: '2023Q3', unitIds: [999999] },
    ]) {
      const res = await t.http.post('/api/inspections').set(admin()).send(body);
      expectError(res, 400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const open = await create({ quarter: '2023Q3', unitIds: [u.two.id] });
    const put = (accountId: number, items: object) => t.http.put(`/api/inspections/${open.id}/accounts/${accountId}/manual`).set(admin()).send({ items });
    expectError(await put(a.clean, [{ code: 'slow_reply', hit: true }]), 404);
    expectError(await put(a.deducted, [{ code: 'no_such_item', hit: true }]), 400);
    expectError(await put(a.deducted, [{ code: 'slow_reply', hit: 'yes' }]), 400);
    expectError(await put(a.deducted, [{ code: 'slow_reply', hit: true, evidenceUrl: 'not a url' }]), 400);
    expectError(await put(a.deducted, []), 400);
    expect((await rowOf(open.id, a.deducted)).manual).toEqual([]);
    expectError(await t.http.post('/api/inspections/999999/evaluate').set(admin()), 404);
    expectError(await t.http.get('/api/inspections/999999').set(admin()), 404);
    expectError(await t.http.get(`/api/inspections/${roundId}/report?format=pdf`).set(admin()), 400);
    expectError(await t.http.post(`/api/inspections/${open.id}/finalize`).set(admin()), 409);
    expect((await t.http.get('/api/inspections').set(admin())).body.total).toBe(rounds + 1);
  });
});
