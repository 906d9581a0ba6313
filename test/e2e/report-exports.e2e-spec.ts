import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { ReportExport } from '../../src/modules/reports/report-export.entity';
import { JOB_QUEUE, JobQueue } from '../../src/queue/job-queue';
import { ledgerAccounts } from '../simulator/e2e-helpers';
import { bearer, DatabaseKind, databasesUnderTest, startApp, TestApp } from './support/app';
import { expectError, Fixture, seedFixture } from './support/fixtures';

/**
 * Report files built in the background ([scale]): `POST /api/reports/exports`, its status, its
 * file; the same bytes' content as the direct download, built as the user who asked, through the
 * in-process queue and through BullMQ on Redis (db 10, keys under a prefix of this run, deleted after).
 */
const REDIS_URL = process.env.TEST_EXPORTS_REDIS_URL || 'redis://127.0.0.1:6379/10';

async function redisAnswers(): Promise<boolean> {
  const client = new IORedis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function deleteKeys(prefix: string): Promise<void> {
  const client = new IORedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function sheetValues(body: Buffer): Promise<unknown> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => ({ name: sheet.name, values: JSON.parse(JSON.stringify(sheet.getSheetValues())) }));
}

async function docxText(body: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(body);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

const variants: [DatabaseKind, 'local' | 'bullmq'][] = databasesUnderTest().flatMap((kind) => [
  [kind, 'local'],
  [kind, 'bullmq'],
]);

describe.each(variants)('report exports in the background (%s, %s queue)', (kind, driver) => {
  let t: TestApp | undefined;
  let f: Fixture;
  const prefix = `exports-${process.pid}-${kind}`;

  beforeAll(async () => {
    if (driver === 'bullmq' && !(await redisAnswers())) {
      if (process.env.CI === 'true') throw new Error(`CI=true but Redis does not answer at ${REDIS_URL}`);
      console.warn(`Redis does not answer at ${REDIS_URL}: the BullMQ export tests do nothing on this machine`);
      return;
    }
    t = await startApp(kind, driver === 'bullmq' ? { REDIS_URL, RUN_JOBS: 'true', QUEUE_PREFIX: prefix } : {});
    f = await seedFixture(t);
    const [account] = await ledgerAccounts(t, f.unitA.name, '微博', 1);
    const csv = [
      '标题,链接,发布时间,类型,来源链接',
      '关于秋季防火的通知,https://weibo.com/1/a,2023-08-01 10:00,原创,',
      '转发:优化营商环境,https://weibo.com/1/b,2023-08-02 10:00,转发,https://www.gov.cn/x',
    ].join('\n');
    const imported = await t.http.post(`/api/accounts/${account}/posts/import`).set(bearer(t.adminToken)).attach('file', Buffer.from(csv), 'posts.csv');
    expect(imported.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    if (t && driver === 'bullmq') await deleteKeys(prefix);
  });

  const app = () => t as TestApp;
  const ask = (body: Record<string, unknown>, token = app().adminToken) => app().http.post('/api/reports/exports').set(bearer(token)).send(body);
  const finished = async (id: number, token = app().adminToken) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await app().http.get(`/api/reports/exports/${id}`).set(bearer(token));
      expect(res.status).toBe(200);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      if (Date.now() > deadline) throw new Error(`export ${id} did not finish: ${JSON.stringify(res.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const download = (url: string, token = app().adminToken) => app().http.get(url).set(bearer(token)).buffer(true).parse(binary);

  it('builds the statistics table in the background: the same workbook as the direct download, with its Chinese name', async () => {
    if (!t) return;
    const asked = await ask({ report: 'quarterly', quarter: '2023Q3', format: 'xlsx' });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ id: expect.any(Number), report: 'quarterly', quarter: '2023Q3', format: 'xlsx', status: expect.stringMatching(/^(queued|running|done)$/) });
    expect(asked.body).not.toHaveProperty('content');
    const done = await finished(asked.body.id);
    expect(done).toMatchObject({ status: 'done', error: null, fileName: '2023年第三季度政务新媒体监管情况统计表.xlsx', size: expect.any(Number), finishedAt: expect.any(String) });
    const file = await download(`/api/reports/exports/${asked.body.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(done.fileName)}`);
    expect(file.body.length).toBe(done.size);
    const direct = await download('/api/reports/quarterly?quarter=2023Q3&format=xlsx');
    expect(await sheetValues(file.body)).toEqual(await sheetValues(direct.body));
  });

  it('builds the bulletin (docx) and the repost-compliance listing (xlsx) the same way', async () => {
    if (!t) return;
    const bulletin = await ask({ report: 'quarterly', quarter: '2023Q3', format: 'docx', live: true });
    const listing = await ask({ report: 'repost-compliance', quarter: '2023Q3', format: 'xlsx' }, f.reviewerToken);
    expect([bulletin.status, listing.status]).toEqual([202, 202]);
    expect((await finished(bulletin.body.id)).status).toBe('done');
    expect((await finished(listing.body.id, f.reviewerToken)).status).toBe('done');
    const docx = await download(`/api/reports/exports/${bulletin.body.id}/file`);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const text = await docxText(docx.body);
    for (const section of ['基本情况', '存在问题', '工作要求']) expect(text).toContain(section);
    expect(text).toBe(await docxText((await download('/api/reports/quarterly?quarter=2023Q3&format=docx&live=true')).body));
    const xlsx = await download(`/api/reports/exports/${listing.body.id}/file`, f.reviewerToken);
    expect(await sheetValues(xlsx.body)).toEqual(await sheetValues((await download('/api/reports/repost-compliance?quarter=2023Q3&format=xlsx', f.reviewerToken)).body));
  });

  it('keeps each export to the user who asked (and the admin), builds it as that user, and refuses what the direct download refuses', async () => {
    if (!t) return;
    // An operator's listing holds their own unit only, as the direct download does.
    const mine = await ask({ report: 'repost-compliance', quarter: '2023Q3', format: 'xlsx' }, f.operatorAToken);
    expect(mine.status).toBe(202);
    await finished(mine.body.id, f.operatorAToken);
    const operatorFile = await download(`/api/reports/exports/${mine.body.id}/file`, f.operatorAToken);
    expect(await sheetValues(operatorFile.body)).toEqual(await sheetValues((await download('/api/reports/repost-compliance?quarter=2023Q3&format=xlsx', f.operatorAToken)).body));
    expectError(await app().http.get(`/api/reports/exports/${mine.body.id}`).set(bearer(f.operatorBToken)), 403);
    expectError(await app().http.get(`/api/reports/exports/${mine.body.id}/file`).set(bearer(f.reviewerToken)), 403);
    expect((await app().http.get(`/api/reports/exports/${mine.body.id}`).set(bearer(app().adminToken))).status).toBe(200);
    // The office documents are not for operators.
    expectError(await ask({ report: 'quarterly', quarter: '2023Q3', format: 'xlsx' }, f.operatorAToken), 403);
    expectError(await app().http.get('/api/reports/exports/999999').set(bearer(app().adminToken)), 404);
  });

  it('refuses bad requests with a Chinese 400 and records nothing; a file not built yet is a 409', async () => {
    if (!t) return;
    const rows = () => app().app.get(DataSource).getRepository(ReportExport).count();
    const before = await rows();
    for (const body of [
      {},
      { report: 'annual', format: 'xlsx' },
      { report: 'quarterly', format: 'pdf' },
      { report: 'quarterly', format: 'xlsx', quarter: '2023Q5' },
      { report: 'quarterly', format: 'xlsx', quarter: 2023 },
      { report: 'quarterly', format: 'xlsx', live: 'yes' },
      { report: 'repost-compliance', format: 'docx' },
      { report: 'repost-compliance', format: 'xlsx', live: true },
    ]) {
      const res = await ask(body);
      expectError(res, 400);
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await rows()).toBe(before);
    expectError(await app().http.get('/api/reports/exports/abc').set(bearer(app().adminToken)), 400);
    // Not built yet: a row still queued (as if no process had taken its job).
    const queued = await app().app.get(DataSource).getRepository(ReportExport).save({
      report: 'quarterly',
      quarter: '2023Q3',
      format: 'xlsx',
      live: false,
      status: 'queued',
      error: null,
      requestedById: 1,
      requestedBy: 'admin',
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      fileName: null,
      contentType: null,
      size: null,
    });
    const early = await app().http.get(`/api/reports/exports/${queued.id}/file`).set(bearer(app().adminToken));
    expectError(early, 409);
    expect(early.body.message).toContain('仍在生成');
    await app().app.get<JobQueue>(JOB_QUEUE).drain();
  });
});
