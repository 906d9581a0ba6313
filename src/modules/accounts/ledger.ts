/**
 * The office's ledger (台账) of accounts, as rows of a spreadsheet: header matching and
 * row validation. Pure: the caller supplies units and existing accounts, and writes.
 */
import type { Cell, SheetRows } from '../../common/spreadsheet';
import { isValidWallDate, wallTimeToUtc } from '../../common/time';
import { isHttpUrl } from '../../common/validators';
import { platformRegistry } from '../platforms/platform-registry';
import { AccountState, LIVE_STATES } from './account-state-machine';
import { Platform } from './account.entity';

export type LedgerField =
  | 'unit'
  | 'platform'
  | 'name'
  | 'platformAccountId'
  | 'homepageUrl'
  | 'openedAt'
  | 'operatorName'
  | 'operatorPhone'
  | 'state'
  | 'deregisteredAt'
  | 'filingNumber'
  | 'justification';

/** Columns of the template, in order, with the header names offices actually use. */
export const LEDGER_COLUMNS: { field: LedgerField; header: string; aliases: string[]; required?: boolean; width: number }[] = [
  { field: 'unit', header: '单位', aliases: ['单位名称', '主办单位', '所属单位'], required: true, width: 20 },
  { field: 'platform', header: '平台', aliases: ['平台类型', '平台名称', '账号类型'], required: true, width: 12 },
  { field: 'name', header: '账号名称', aliases: ['名称', '账号'], required: true, width: 22 },
  { field: 'platformAccountId', header: '账号ID', aliases: ['平台账号ID', '原始ID', '微信号', 'UID', '账号id'], width: 20 },
  { field: 'homepageUrl', header: '主页链接', aliases: ['主页', '链接', '网址', '主页地址'], width: 36 },
  { field: 'openedAt', header: '开设时间', aliases: ['开通时间', '开设日期', '开通日期'], width: 14 },
  { field: 'operatorName', header: '负责人', aliases: ['运维人员', '管理员', '信息员', '联系人'], width: 10 },
  { field: 'operatorPhone', header: '联系电话', aliases: ['电话', '手机', '手机号', '联系方式'], width: 14 },
  { field: 'state', header: '状态', aliases: ['账号状态', '运行状态'], width: 10 },
  { field: 'deregisteredAt', header: '注销时间', aliases: ['注销日期'], width: 14 },
  { field: 'filingNumber', header: '备案号', aliases: ['备案编号'], width: 14 },
  { field: 'justification', header: '多账号理由', aliases: ['说明', '备注'], width: 24 },
];

const STATE_NAMES: Record<string, AccountState> = {
  已开设: 'opened',
  正常: 'opened',
  运行: 'opened',
  运行中: 'opened',
  在用: 'opened',
  开设: 'opened',
  已注销: 'deregistered',
  注销: 'deregistered',
  已申请: 'applied',
  待审批: 'applied',
  申请中: 'applied',
  已批准: 'approved',
  已审批: 'approved',
  已驳回: 'rejected',
  注销中: 'deregistration_requested',
  注销申请中: 'deregistration_requested',
};

/** The start of the row error for an operator's row in any state but 已申请. */
export const APPLICATIONS_ONLY = '信息员只能导入申请（状态留空或“已申请”）';

/** What the template says may be written in 平台: the registry's names (codes and aliases are read too). */
export function platformTemplateNames(): string[] {
  return platformRegistry.names();
}
export const STATE_TEMPLATE_NAMES = ['已开设', '已注销', '注销申请中', '已批准', '已申请'];

export interface LedgerRecord {
  row: number;
  unitId: number;
  platform: Platform;
  name: string;
  platformAccountId: string | null;
  homepageUrl: string | null;
  openedAt: Date | null;
  operatorName: string | null;
  operatorPhone: string | null;
  state: AccountState;
  deregisteredAt: Date | null;
  filingNumber: string | null;
  justification: string | null;
}

export interface RowError {
  row: number;
  message: string;
}

export interface LedgerContext {
  units: { id: number; name: string; status: string }[];
  /** Accounts already registered, for duplicate and one-per-platform checks. */
  existing: { unitId: number; platform: Platform; name: string; state: AccountState }[];
  /** Operators may only import their own unit's rows. */
  onlyUnitId: number | null;
  /**
   * Operators create applications only (maker-checker): 状态 blank (read as 已申请) or
   * 已申请; any other state is a row error. Admins back-fill any state.
   */
  applicationsOnly?: boolean;
  timeZone: string;
  now: Date;
}

const LENGTHS: Partial<Record<LedgerField, number>> = {
  name: 100,
  platformAccountId: 128,
  homepageUrl: 1000,
  operatorName: 50,
  operatorPhone: 30,
  filingNumber: 64,
  justification: 500,
};

function normaliseHeader(value: Cell): string {
  return String(value ?? '')
    .replace(/[\s*＊:：()（）]/g, '')
    .toLowerCase();
}

function text(value: Cell): string | null {
  if (value === null || value === undefined) return null;
  const s = (value instanceof Date ? value.toISOString() : String(value)).trim();
  return s === '' ? null : s;
}

/** Maps header cells to fields; unknown columns are ignored. */
export function matchHeader(header: Cell[]): { columns: Map<number, LedgerField>; missing: string[] } {
  const columns = new Map<number, LedgerField>();
  header.forEach((cell, index) => {
    const name = normaliseHeader(cell);
    const column = LEDGER_COLUMNS.find((c) => [c.header, ...c.aliases].some((h) => normaliseHeader(h) === name));
    if (column && ![...columns.values()].includes(column.field)) columns.set(index, column.field);
  });
  const present = new Set(columns.values());
  const missing = LEDGER_COLUMNS.filter((c) => c.required && !present.has(c.field)).map((c) => c.header);
  return { columns, missing };
}

/** A platform as written in a spreadsheet: code, Chinese name or alias (platform registry). */
export function parsePlatform(value: string): Platform | null {
  return platformRegistry.parse(value);
}

export function parseState(value: string): AccountState | null {
  const key = value.trim();
  return STATE_NAMES[key] ?? (Object.values(STATE_NAMES).includes(key as AccountState) ? (key as AccountState) : null);
}

/**
 * A date cell in the office's time zone. Excel dates arrive as UTC midnight of the
 * written day; text may be 2021-03-05, 2021/3/5, 2021.3.5 or 2021年3月5日, with an optional time.
 */
export function parseLedgerDate(value: Cell, timeZone: string): Date | null | 'invalid' {
  if (value === null || value === '') return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'invalid';
    return wallTimeToUtc(
      {
        year: value.getUTCFullYear(),
        month: value.getUTCMonth() + 1,
        day: value.getUTCDate(),
        hour: value.getUTCHours(),
        minute: value.getUTCMinutes(),
        second: value.getUTCSeconds(),
      },
      timeZone,
    );
  }
  const s = String(value).trim();
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!match) return 'invalid';
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  if (!isValidWallDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return 'invalid';
  return wallTimeToUtc({ year, month, day, hour, minute, second }, timeZone);
}

/** Validates every row; the caller imports the records only when there is no error at all. */
export function interpretLedger(rows: SheetRows, context: LedgerContext): { records: LedgerRecord[]; errors: RowError[] } {
  const headerIndex = rows.findIndex((row) => row.some((cell) => text(cell) !== null));
  if (headerIndex < 0) return { records: [], errors: [{ row: 1, message: '表格是空的：第一行应为表头（单位、平台、账号名称……），请使用下载的模板' }] };
  const { columns, missing } = matchHeader(rows[headerIndex]);
  if (missing.length) {
    return { records: [], errors: [{ row: headerIndex + 1, message: `表头缺少必填列：${missing.join('、')}。请使用下载的模板` }] };
  }
  const unitsByName = new Map(context.units.map((u) => [u.name.trim(), u]));
  const records: LedgerRecord[] = [];
  const errors: RowError[] = [];
  const seen = [...context.existing];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const cells = new Map<LedgerField, Cell>();
    columns.forEach((field, index) => cells.set(field, rows[i][index] ?? null));
    if ([...cells.values()].every((cell) => text(cell) === null)) continue;
    const row = i + 1;
    const problems: string[] = [];
    const record = interpretRow(cells, row, context, unitsByName, problems);
    if (record) {
      const duplicate = seen.find((a) => a.unitId === record.unitId && a.platform === record.platform && a.name === record.name);
      if (duplicate) problems.push(`账号“${record.name}”已登记（同一单位、平台、名称），请勿重复导入`);
      else if (LIVE_STATES.includes(record.state) && !record.justification) {
        const other = seen.find((a) => a.unitId === record.unitId && a.platform === record.platform && LIVE_STATES.includes(a.state));
        if (other) problems.push(`该单位在此平台已有在用账号“${other.name}”；一个单位原则上在同一平台只开设一个账号，确需多个请在“多账号理由”列说明`);
      }
    }
    if (problems.length) errors.push({ row, message: problems.join('；') });
    else if (record) {
      records.push(record);
      seen.push(record);
    }
  }
  if (!records.length && !errors.length) errors.push({ row: headerIndex + 2, message: '表格中没有账号数据行' });
  return { records, errors };
}

function interpretRow(
  cells: Map<LedgerField, Cell>,
  row: number,
  context: LedgerContext,
  unitsByName: Map<string, LedgerContext['units'][number]>,
  problems: string[],
): LedgerRecord | null {
  const value = (field: LedgerField) => text(cells.get(field) ?? null);
  for (const [field, max] of Object.entries(LENGTHS) as [LedgerField, number][]) {
    const v = value(field);
    if (v && v.length > max) problems.push(`“${LEDGER_COLUMNS.find((c) => c.field === field)?.header}”过长（最多 ${max} 个字符）`);
    // eslint-disable-next-line no-control-regex
    if (v && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) problems.push(`“${LEDGER_COLUMNS.find((c) => c.field === field)?.header}”含有不可见的控制字符`);
  }
  const unitName = value('unit');
  const unit = unitName ? unitsByName.get(unitName) : undefined;
  if (!unitName) problems.push('“单位”不能为空');
  else if (!unit) problems.push(`单位“${unitName}”不存在，请先在“单位”中添加，或检查名称是否与系统中一致`);
  else if (context.onlyUnitId !== null && unit.id !== context.onlyUnitId) problems.push(`信息员只能导入本单位的账号，“${unitName}”不是您的单位`);

  const platformText = value('platform');
  const platform = platformText ? parsePlatform(platformText) : null;
  if (!platformText) problems.push('“平台”不能为空');
  else if (!platform) problems.push(`平台“${platformText}”无法识别，可填：${platformTemplateNames().join('、')}`);

  const name = value('name');
  if (!name) problems.push('“账号名称”不能为空');

  const homepageUrl = value('homepageUrl');
  if (homepageUrl && !isHttpUrl(homepageUrl)) problems.push(`主页链接“${homepageUrl.slice(0, 80)}”不是以 http:// 或 https:// 开头的完整网址`);

  const stateText = value('state');
  const state = stateText ? parseState(stateText) : context.applicationsOnly ? 'applied' : 'opened';
  if (stateText && !state) problems.push(`状态“${stateText}”无法识别，可填：${STATE_TEMPLATE_NAMES.join('、')}`);
  else if (context.applicationsOnly && state !== 'applied') {
    problems.push(`${APPLICATIONS_ONLY}，不能直接导入状态为“${stateText}”的账号；开设、注销须经审批流程办理，历史台账请由管理员补录`);
  }

  const openedAt = dateField(cells.get('openedAt') ?? null, '开设时间', context, problems);
  const deregisteredAt = dateField(cells.get('deregisteredAt') ?? null, '注销时间', context, problems);
  if (deregisteredAt && state !== 'deregistered') problems.push('填写了“注销时间”，但状态不是“已注销”');
  if (openedAt && deregisteredAt && deregisteredAt < openedAt) problems.push('“注销时间”早于“开设时间”');
  if (unit && unit.status !== 'active' && state !== 'deregistered') problems.push(`单位“${unit.name}”已撤并，只能导入其已注销的账号`);

  if (problems.length || !unit || !platform || !name || !state) return null;
  return {
    row,
    unitId: unit.id,
    platform,
    name,
    platformAccountId: value('platformAccountId'),
    homepageUrl,
    openedAt: openedAt ?? null,
    operatorName: value('operatorName'),
    operatorPhone: value('operatorPhone'),
    state,
    deregisteredAt: deregisteredAt ?? null,
    filingNumber: value('filingNumber'),
    justification: value('justification'),
  };
}

function dateField(cell: Cell, header: string, context: LedgerContext, problems: string[]): Date | null {
  const parsed = parseLedgerDate(cell, context.timeZone);
  if (parsed === 'invalid') {
    problems.push(`“${header}”“${String(cell).slice(0, 40)}”不是有效日期，请写成 2021-03-05 这样的格式`);
    return null;
  }
  if (parsed && parsed.getTime() > context.now.getTime()) {
    problems.push(`“${header}”不能晚于今天`);
    return null;
  }
  return parsed;
}
