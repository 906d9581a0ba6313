/**
 * Hostile and heavy spreadsheets (issue #25, point 1 and 4; api.md "Security rules (v1.1)"):
 * sparse, wide, oversized and decompression-bomb files are refused within seconds, and a
 * legitimate 20,000-row import completes, while GET /api/health keeps answering in under a
 * second throughout. Every import route reads files through the same reader.
 */
import ExcelJS from 'exceljs';
import { performance } from 'node:perf_hooks';
import { constants, createDeflateRaw } from 'node:zlib';
import { buildXlsx, buildZip, inlineRow } from '../support/xlsx-files';
import { bearer, databasesUnderTest, startApp, TestApp } from './support/app';
import { createAccount, expectError, Fixture, seedFixture, uniqueTag } from './support/fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` while polling /api/health; returns its result and the slowest health answer. */
async function whileProbingHealth<T>(t: TestApp, work: () => Promise<T>): Promise<{ result: T; slowestMs: number; probes: number }> {
  let running = true;
  let slowestMs = 0;
  let probes = 0;
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      const res = await t.http.get('/api/health');
      if (res.status !== 200) throw new Error(`health answered ${res.status}`);
      slowestMs = Math.max(slowestMs, performance.now() - started);
      probes++;
      await sleep(50);
    }
  })();
  try {
    const result = await work();
    return { result, slowestMs, probes };
  } finally {
    running = false;
    await probe;
  }
}

/** A deflate stream of `megabytes` MiB of zeros built from one repeated block: a ~1 KB per MiB bomb. */
async function zeroBomb(megabytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  deflate.write(Buffer.alloc(1024 * 1024));
  await new Promise<void>((resolve) => deflate.flush(constants.Z_FULL_FLUSH, () => resolve()));
  const block = Buffer.concat(chunks);
  return Buffer.concat([...Array.from({ length: megabytes }, () => block), Buffer.from([0x03, 0x00])]);
}

/** A zip whose one sheet entry is `deflated` (already compressed), declaring `declaredSize`. */
function zipWithRawEntry(deflated: Buffer, declaredSize: number): Buffer {
  const zip = buildXlsx(inlineRow(1, { A: '标题' }), { sheetPart: { store: true, data: deflated } });
  // Turn the stored sheet entry into a deflated one of the declared size: patch method and size fields.
  const patch = (signature: number, methodAt: number, sizeAt: number) => {
    for (let at = zip.indexOf(Buffer.from('xl/worksheets/sheet1.xml')); at > 0; at--) {
      if (zip.readUInt32LE(at) === signature) {
        zip.writeUInt16LE(8, at + methodAt);
        zip.writeUInt32LE(declaredSize, at + sizeAt);
        return;
      }
    }
  };
  patch(0x04034b50, 8, 22);
  const central = zip.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml'));
  for (let at = central; at > 0; at--) {
    if (zip.readUInt32LE(at) === 0x02014b50) {
      zip.writeUInt16LE(8, at + 10);
      zip.writeUInt32LE(declaredSize, at + 24);
      break;
    }
  }
  return zip;
}

describe.each(databasesUnderTest())('imports refuse hostile files fast and never stall the server (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let accountId: number;
  beforeAll(async () => {
    t = await startApp(kind);
    f = await seedFixture(t);
    accountId = (await createAccount(t, t.adminToken, { unitId: f.unitA.id, platform: 'wechat', name: `限额${uniqueTag()}` })).id;
  });
  afterAll(() => t.close());

  const upload = (path: string, file: Buffer, name = 'file.xlsx', token = t.adminToken) => t.http.post(path).set(bearer(token)).attach('file', file, name);
  const postsImport = (file: Buffer, name?: string) => upload(`/api/accounts/${accountId}/posts/import`, file, name);
  const postCount = async () => (await t.http.get(`/api/posts?accountId=${accountId}`).set(bearer(t.adminToken))).body.total as number;

  const refusedFast = async (file: Buffer, message: RegExp, route = `/api/accounts/${accountId}/posts/import`) => {
    const started = performance.now();
    const { result: res, slowestMs } = await whileProbingHealth(t, () => upload(route, file));
    expectError(res, 400);
    expect(res.body.message).toMatch(message);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(slowestMs).toBeLessThan(1000);
  };

  it('refuses a sparse sheet (a header and one cell far down) within seconds', async () => {
    await refusedFast(buildXlsx(inlineRow(1, { A: '标题', B: '发布时间' }) + inlineRow(20000, { A: 'x' })), /第 20000 行/);
    await refusedFast(buildXlsx(inlineRow(1, { A: '标题', B: '发布时间' }) + inlineRow(1048576, { A: 'x' })), /1048576 行.*超过上限/);
    expect(await postCount()).toBe(0);
  });

  it('refuses a single cell at column XFD, on every import route', async () => {
    const wide = buildXlsx(inlineRow(1, { A: '标题', XFD: 'x' }));
    for (const route of [`/api/accounts/${accountId}/posts/import`, '/api/accounts/import', '/api/repost-tasks/import', '/api/error-words/import']) {
      await refusedFast(wide, /16384 列.*超过上限/, route);
    }
  });

  it('refuses a sheet declaring more rows than allowed before reading a cell, and a CSV with too many rows', async () => {
    await refusedFast(buildXlsx(inlineRow(1, { A: '标题' }), { dimension: 'A1:C50000' }), /50000 行/);
    const csv = Buffer.from('标题,发布时间\n' + 'x,2023-07-01\n'.repeat(20100));
    await refusedFast(csv, /超过 20020 行/);
    expect(await postCount()).toBe(0);
  });

  it('refuses a 2 MB file that inflates to 2 GB, fast and with bounded memory', async () => {
    const bomb = await zeroBomb(2048);
    expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    // Declared honestly: refused from the zip directory.
    await refusedFast(zipWithRawEntry(bomb, 2048 * 1024 * 1024), /解压后超过/);
    // Declared as 1 MB: inflating stops at the declared size.
    await refusedFast(zipWithRawEntry(bomb, 1024 * 1024), /与其声明不符/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses a workbook with thousands of parts', async () => {
    const parts = Array.from({ length: 600 }, (_, i) => ({ name: `xl/x${i}.xml`, data: Buffer.from('<a/>') }));
    await refusedFast(buildZip(parts), /部件/);
  });

  it('imports 20,000 rows while health keeps answering within a second', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('发布');
    sheet.addRow(['标题', '链接', '发布时间', '类型', '编号']);
    const start = Date.UTC(2023, 6, 1, 1, 0, 0);
    for (let i = 0; i < 20000; i++) {
      sheet.addRow([
        `第 ${i + 1} 条政务信息:秋季防火与安全生产提示`,
        `https://www.example.gov.cn/art/${i + 1}.html`,
        new Date(start + i * 60000),
        i % 3 ? '发布' : '转发',
        `P${i + 1}`,
      ]);
    }
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const { result: res, slowestMs, probes } = await whileProbingHealth(t, () => postsImport(file, 'posts.xlsx'));
    console.log(`20,000-row import: slowest health ${Math.round(slowestMs)} ms over ${probes} probes`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 20000, skipped: 0 });
    expect(probes).toBeGreaterThan(3);
    expect(slowestMs).toBeLessThan(1000);
    expect(await postCount()).toBe(20000);
  });
});
