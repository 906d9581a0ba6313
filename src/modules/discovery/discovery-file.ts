/**
 * Reading a discovery file (账号发现清单): 平台, 账号名称, 账号ID, 主页链接, 认证主体, 最近发布.
 * Pure, no framework: every row is checked, and the caller saves nothing when any row is wrong.
 */
import type { Cell, SheetRows } from '../../common/xlsx/xlsx-reader';
import { parseLedgerDate } from '../accounts/ledger';
import { parseHttpUrl } from '../platforms/account-url';
import { platformRegistry } from '../platforms/platform-registry';
import type { SeenAccount } from './discovery-classify';

type Field = 'platform' | 'name' | 'platformAccountId' | 'homepageUrl' | 'certifiedSubject' | 'lastPostedAt';

export const DISCOVERY_COLUMNS: { field: Field; header: string; aliases: string[]; required?: boolean }[] = [
  { field: 'platform', header: '平台', aliases: ['platform', '平台名称'], required: true },
  { field: 'name', header: '账号名称', aliases: ['name', '名称', '账号'], required: true },
  { field: 'platformAccountId', header: '账号ID', aliases: ['id', 'platformaccountid', '平台账号id', '账号id'] },
  { field: 'homepageUrl', header: '主页链接', aliases: ['url', 'homepageurl', '主页', '链接', '主页地址'] },
  { field: 'certifiedSubject', header: '认证主体', aliases: ['subject', 'certifiedsubject', '主体'] },
  { field: 'lastPostedAt', header: '最近发布', aliases: ['lastpostedat', '最近发布时间', '最后发布'] },
];

const LENGTHS: Partial<Record<Field, number>> = { name: 200, platformAccountId: 128, homepageUrl: 1000, certifiedSubject: 200 };

export interface DiscoveryRecord extends SeenAccount {
  rowNumber: number;
}

export interface DiscoveryRowError {
  row: number;
  message: string;
}

const normaliseHeader = (value: Cell) =>
  String(value ?? '')
    .replace(/[\s*＊:：()（）]/g, '')
    .toLowerCase();

function text(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  const s = (value instanceof Date ? value.toISOString() : String(value)).trim();
  return s === '' ? null : s;
}

function matchHeader(header: Cell[]): { columns: Map<number, Field>; missing: string[] } {
  const columns = new Map<number, Field>();
  header.forEach((cell, index) => {
    const name = normaliseHeader(cell);
    const column = DISCOVERY_COLUMNS.find((c) => [c.header, ...c.aliases].some((h) => normaliseHeader(h) === name));
    if (column && ![...columns.values()].includes(column.field)) columns.set(index, column.field);
  });
  const present = new Set(columns.values());
  const missing = DISCOVERY_COLUMNS.filter((c) => c.required && !present.has(c.field)).map((c) => c.header);
  if (!present.has('platformAccountId') && !present.has('homepageUrl')) missing.push('账号ID 或 主页链接（至少一列）');
  return { columns, missing };
}

/** Every row checked; records only count when there is no error at all. */
export function interpretDiscovery(rows: SheetRows, timeZone: string, maxRows = 20000): { records: DiscoveryRecord[]; errors: DiscoveryRowError[] } {
  const headerIndex = rows.findIndex((row) => row.some((cell) => text(cell) !== null));
  if (headerIndex < 0) return { records: [], errors: [{ row: 1, message: '表格是空的：第一行应为表头（平台、账号名称、账号ID、主页链接、认证主体、最近发布）' }] };
  const { columns, missing } = matchHeader(rows[headerIndex]);
  if (missing.length) return { records: [], errors: [{ row: headerIndex + 1, message: `表头缺少必填列：${missing.join('、')}` }] };
  const records: DiscoveryRecord[] = [];
  const errors: DiscoveryRowError[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = new Map<Field, Cell>();
    columns.forEach((field, index) => cells.set(field, rows[i][index] ?? null));
    if ([...cells.values()].every((cell) => text(cell) === null)) continue;
    if (records.length + errors.length >= maxRows) return { records: [], errors: [{ row: i + 1, message: `数据行超过 ${maxRows} 行，请拆分后上传` }] };
    const problems: string[] = [];
    const record = interpretRow(cells, i + 1, timeZone, problems);
    if (problems.length) errors.push({ row: i + 1, message: problems.join('；') });
    else records.push(record);
  }
  if (!records.length && !errors.length) errors.push({ row: headerIndex + 2, message: '表格中没有账号数据行' });
  return { records, errors };
}

function interpretRow(cells: Map<Field, Cell>, rowNumber: number, timeZone: string, problems: string[]): DiscoveryRecord {
  const value = (field: Field) => text(cells.get(field) ?? null);
  for (const [field, max] of Object.entries(LENGTHS) as [Field, number][]) {
    const v = value(field);
    if (v && v.length > max) problems.push(`${DISCOVERY_COLUMNS.find((c) => c.field === field)!.header}过长（最多 ${max} 个字符）`);
  }
  const platformText = value('platform');
  const platform = platformText ? platformRegistry.parse(platformText) : null;
  if (!platformText) problems.push('平台不能为空');
  else if (!platform) problems.push(`平台“${platformText}”无法识别，可填写：${platformRegistry.names().join('、')}`);
  const name = value('name');
  if (!name) problems.push('账号名称不能为空');
  const platformAccountId = value('platformAccountId');
  let homepageUrl = value('homepageUrl');
  if (!platformAccountId && !homepageUrl) problems.push('账号ID和主页链接至少填写一项');
  if (homepageUrl) {
    try {
      homepageUrl = parseHttpUrl(homepageUrl).toString();
    } catch (error) {
      problems.push(`主页链接无效：${(error as Error).message}`);
    }
  }
  const posted = parseLedgerDate(cells.get('lastPostedAt') ?? null, timeZone);
  if (posted === 'invalid') problems.push('最近发布不是有效日期（如 2023-08-15 或 2023-08-15 10:30）');
  return {
    rowNumber,
    platform: platform ?? '',
    name: name ?? '',
    platformAccountId,
    homepageUrl,
    certifiedSubject: value('certifiedSubject'),
    lastPostedAt: posted === 'invalid' ? null : posted,
  };
}
