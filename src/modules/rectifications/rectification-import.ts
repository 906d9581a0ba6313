/**
 * The provincial monitoring platform's problem list (全省政府网站与政务新媒体监管平台问题清单),
 * XLSX/CSV: header matching, row reading and matching each row to one registered account.
 * Pure: the caller supplies the accounts and units and writes. All rows or none.
 */
import type { Cell, SheetRows } from '../../common/spreadsheet';
import { isHttpUrl } from '../../common/validators';
import { parseLedgerDate } from '../accounts/ledger';
import { accountUrlKey, keysForPlatformId, samePlatformId, tryAccountUrlKey } from '../platforms/account-url';
import { platformRegistry } from '../platforms/platform-registry';
import { parseDeadline } from './rectification-deadline';

type Field = 'name' | 'platform' | 'problem' | 'foundAt' | 'dueAt' | 'unit' | 'platformId' | 'homepage';

export const PROBLEM_COLUMNS: { field: Field; header: string; aliases: string[]; required?: boolean }[] = [
  { field: 'name', header: '账号名称', aliases: ['名称', '政务新媒体名称', '账号'], required: true },
  { field: 'platform', header: '平台', aliases: ['平台类型', '所属平台', '类型'], required: true },
  { field: 'problem', header: '问题描述', aliases: ['问题', '存在问题', '问题详情'], required: true },
  { field: 'foundAt', header: '发现时间', aliases: ['检查时间', '发现日期'], required: true },
  { field: 'dueAt', header: '整改期限', aliases: ['整改时限', '整改截止时间', '截止时间'], required: true },
  { field: 'unit', header: '单位', aliases: ['主办单位', '开办主体', '责任单位'] },
  { field: 'platformId', header: '账号ID', aliases: ['账号id', '平台账号ID', '原始ID', 'ID'] },
  { field: 'homepage', header: '主页链接', aliases: ['链接', '主页', '网址', '账号链接'] },
];

export interface ProblemRow {
  row: number;
  name: string;
  platform: string;
  problem: string;
  foundAt: Date;
  dueAt: Date;
  unitName: string | null;
  platformId: string | null;
  homepage: string | null;
}

export interface RowError {
  row: number;
  message: string;
}

/** An account as the matcher needs it. */
export interface Candidate {
  id: number;
  unitId: number;
  name: string;
  platform: string;
  platformAccountId: string | null;
  homepageUrl: string | null;
  state: string;
}

const norm = (value: Cell) =>
  String(value ?? '')
    .replace(/[\s*＊:：()（）]/g, '')
    .toLowerCase();

function text(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

export function interpretProblemRows(rows: SheetRows, timeZone: string, maxRows = 5000): { records: ProblemRow[]; errors: RowError[] } {
  const firstFilled = rows.findIndex((r) => r.some((c) => text(c) !== ''));
  // A title or notes may stand above the header (the platform's exports carry one): the header is the first row naming two required columns.
  const named = rows
    .slice(0, 20)
    .findIndex((r) => PROBLEM_COLUMNS.filter((c) => c.required && r.some((cell) => [c.header, ...c.aliases].some((a) => norm(a) === norm(cell)))).length >= 2);
  const headerIndex = named >= 0 ? named : firstFilled;
  if (headerIndex < 0) return { records: [], errors: [{ row: 1, message: '表格是空的：第一行应为表头（账号名称、平台、问题描述、发现时间、整改期限）' }] };
  const header = rows[headerIndex].map(norm);
  const columns = new Map<Field, number>();
  for (const column of PROBLEM_COLUMNS) {
    const index = header.findIndex((h) => h !== '' && [column.header, ...column.aliases].some((a) => norm(a) === h));
    if (index >= 0 && !columns.has(column.field)) columns.set(column.field, index);
  }
  const missing = PROBLEM_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.header);
  if (missing.length) return { records: [], errors: [{ row: headerIndex + 1, message: `表头缺少必填列：${missing.join('、')}` }] };
  if (rows.length - headerIndex - 1 > maxRows) return { records: [], errors: [{ row: headerIndex + 1, message: `一次最多导入 ${maxRows} 条问题` }] };
  const records: ProblemRow[] = [];
  const errors: RowError[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    const get = (field: Field): Cell => (columns.has(field) ? (row[columns.get(field)!] ?? null) : null);
    if ([...columns.values()].every((index) => text(row[index]) === '')) continue;
    const problems: string[] = [];
    const record = readRow(get, timeZone, problems);
    if (problems.length) errors.push({ row: i + 1, message: problems.join('；') });
    else records.push({ ...(record as Omit<ProblemRow, 'row'>), row: i + 1 });
  }
  if (!records.length && !errors.length) errors.push({ row: headerIndex + 2, message: '表格中没有问题数据行' });
  return { records, errors };
}

function readRow(get: (field: Field) => Cell, timeZone: string, problems: string[]): Partial<ProblemRow> {
  const required = (field: Field, label: string, max: number) => {
    const value = text(get(field));
    if (!value) problems.push(`“${label}”不能为空`);
    else if (value.length > max) problems.push(`“${label}”过长（最多 ${max} 个字符）`);
    return value;
  };
  const name = required('name', '账号名称', 100);
  const platformText = required('platform', '平台', 40);
  const platform = platformText ? platformRegistry.parse(platformText) : null;
  if (platformText && !platform) problems.push(`平台“${platformText.slice(0, 40)}”无法识别，可填：${platformRegistry.names().join('、')}`);
  const problem = required('problem', '问题描述', 2000);
  const foundCell = get('foundAt');
  const found = text(foundCell) ? parseLedgerDate(foundCell, timeZone) : null;
  if (!text(foundCell)) problems.push('“发现时间”不能为空');
  else if (found === 'invalid' || found === null) problems.push(`“发现时间”“${text(foundCell).slice(0, 40)}”无法识别，请写成 2023-09-01 这样的日期`);
  const dueCell = get('dueAt');
  const dueAt = text(dueCell) ? deadlineOf(dueCell, timeZone) : null;
  if (!text(dueCell)) problems.push('“整改期限”不能为空');
  else if (!dueAt) problems.push(`“整改期限”“${text(dueCell).slice(0, 40)}”无法识别，请写成 2023-10-15 这样的日期`);
  const homepage = text(get('homepage')) || null;
  if (homepage && !isHttpUrl(homepage)) problems.push(`主页链接“${homepage.slice(0, 80)}”不是以 http:// 或 https:// 开头的完整网址`);
  return {
    name,
    platform: platform ?? '',
    problem,
    foundAt: found instanceof Date ? found : undefined,
    dueAt: dueAt ?? undefined,
    unitName: text(get('unit')) || null,
    platformId: text(get('platformId')) || null,
    homepage,
  };
}

/** A date cell (Excel: UTC midnight of the written day) or date text means the end of that day; a time is taken as written. */
function deadlineOf(cell: Cell, timeZone: string): Date | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    const midnight = cell.getUTCHours() === 0 && cell.getUTCMinutes() === 0 && cell.getUTCSeconds() === 0;
    if (midnight) return parseDeadline(cell.toISOString().slice(0, 10), timeZone);
    const wall = parseLedgerDate(cell, timeZone);
    return wall instanceof Date ? wall : null;
  }
  return parseDeadline(String(cell), timeZone);
}

const RETIRED = new Set(['rejected', 'deregistered']);

/**
 * The one registered account a row names: by 账号ID or 主页链接 when given, else by the exact
 * name on that platform; narrowed by 单位 when given. Several matches of which exactly one is
 * still live count as that one. Returns the account's id or the reason there is none.
 */
export function matchProblemRow(record: ProblemRow, candidates: Candidate[], unitIdByName: Map<string, number>): { accountId: number; unitId: number } | { error: string } {
  let pool = candidates.filter((a) => a.platform === record.platform);
  if (record.unitName) {
    const unitId = unitIdByName.get(record.unitName);
    if (unitId === undefined) return { error: `单位“${record.unitName}”不存在，请检查名称是否与系统中一致` };
    pool = pool.filter((a) => a.unitId === unitId);
  }
  const platformName = platformRegistry.nameOf(record.platform);
  let matches: Candidate[];
  let how: string;
  if (record.platformId || record.homepage) {
    const idKeys = record.platformId ? new Set(keysForPlatformId(record.platform, record.platformId)) : new Set<string>();
    const linkKey = record.homepage ? safeKey(record.homepage) : null;
    matches = pool.filter((a) => {
      const key = tryAccountUrlKey(a.homepageUrl)?.key;
      return (record.platformId && (samePlatformId(a.platformAccountId, record.platformId) || (key && idKeys.has(key)))) || (linkKey && key === linkKey);
    });
    how = [record.platformId ? `账号ID“${record.platformId}”` : '', record.homepage ? `主页链接“${record.homepage.slice(0, 80)}”` : ''].filter(Boolean).join('或');
  } else {
    matches = pool.filter((a) => a.name.trim() === record.name.trim());
    how = `名称“${record.name}”`;
  }
  if (matches.length > 1) {
    const live = matches.filter((a) => !RETIRED.has(a.state));
    if (live.length === 1) matches = live;
  }
  if (matches.length === 1) return { accountId: matches[0].id, unitId: matches[0].unitId };
  const scope = `${record.unitName ? `单位“${record.unitName}”在` : ''}${platformName}平台`;
  if (!matches.length) return { error: `${scope}没有${how}的已登记账号，请核对或先登记该账号` };
  return { error: `${scope}有 ${matches.length} 个${how}的账号（编号 ${matches.map((a) => a.id).join('、')}），无法确定是哪一个；请填写账号ID、主页链接或单位` };
}

function safeKey(url: string): string | null {
  try {
    return accountUrlKey(url).key;
  } catch {
    return null;
  }
}
