/**
 * Repost-task import (CSV/XLSX): header matching and row validation. Pure: the caller
 * supplies the units and writes. All rows or none.
 */
import type { Cell, SheetRows } from '../../common/spreadsheet';
import { isHttpUrl } from '../../common/validators';
import type { Platform } from '../accounts/account.entity';
import { parseLedgerDate, parsePlatform, platformTemplateNames } from '../accounts/ledger';

type Field = 'title' | 'sourceUrl' | 'sourceName' | 'issuedAt' | 'dueAt' | 'platforms' | 'units';

export const TASK_IMPORT_COLUMNS: { field: Field; header: string; aliases: string[]; required?: boolean; width: number }[] = [
  { field: 'title', header: '标题', aliases: ['任务名称', '任务', '文章标题', 'title'], required: true, width: 40 },
  { field: 'sourceUrl', header: '来源链接', aliases: ['原文链接', '链接', '网址', 'sourceurl'], required: true, width: 48 },
  { field: 'sourceName', header: '来源', aliases: ['来源名称', '发布单位', 'sourcename'], width: 14 },
  { field: 'issuedAt', header: '下达时间', aliases: ['开始时间', '发布时间', '下发时间', 'issuedat'], required: true, width: 18 },
  { field: 'dueAt', header: '截止时间', aliases: ['完成时限', '截止日期', '时限', 'dueat'], required: true, width: 18 },
  { field: 'platforms', header: '平台', aliases: ['转发平台', 'platforms'], width: 20 },
  { field: 'units', header: '单位', aliases: ['转发单位', '责任单位', 'units'], width: 30 },
];

export interface TaskRecord {
  row: number;
  title: string;
  sourceUrl: string;
  sourceName: string | null;
  issuedAt: Date;
  dueAt: Date;
  platforms: Platform[] | null;
  unitIds: number[] | null;
}

export interface TaskRowError {
  row: number;
  message: string;
}

function norm(value: Cell): string {
  return String(value ?? '')
    .replace(/[\s*＊:：()（）]/g, '')
    .toLowerCase();
}

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

const LIST_SEPARATORS = /[、,，;；/|｜\n]+/;

export function interpretTaskRows(
  rows: SheetRows,
  context: { units: { id: number; name: string }[]; timeZone: string },
  maxRows = 2000,
): { records: TaskRecord[]; errors: TaskRowError[] } {
  const headerIndex = rows.findIndex((r) => r.some((c) => text(c) !== ''));
  if (headerIndex < 0) return { records: [], errors: [{ row: 1, message: '表格是空的：第一行应为表头（标题、来源链接、下达时间、截止时间……），请使用下载的模板' }] };
  const header = rows[headerIndex].map(norm);
  const columns = new Map<Field, number>();
  for (const column of TASK_IMPORT_COLUMNS) {
    const index = header.findIndex((h) => h !== '' && [column.header, ...column.aliases].some((a) => norm(a) === h));
    if (index >= 0) columns.set(column.field, index);
  }
  const missing = TASK_IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.header);
  if (missing.length) return { records: [], errors: [{ row: headerIndex + 1, message: `表头缺少必填列：${missing.join('、')}。请使用下载的模板` }] };
  if (rows.length - headerIndex - 1 > maxRows) return { records: [], errors: [{ row: headerIndex + 1, message: `一次最多导入 ${maxRows} 个任务` }] };
  const unitsByName = new Map(context.units.map((u) => [u.name.trim(), u.id]));
  const records: TaskRecord[] = [];
  const errors: TaskRowError[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    const get = (field: Field): Cell => (columns.has(field) ? (row[columns.get(field)!] ?? null) : null);
    if ([...columns.values()].every((index) => text(row[index] ?? null) === '')) continue;
    const rowNumber = i + 1;
    const problems: string[] = [];
    const title = text(get('title'));
    if (!title) problems.push('“标题”不能为空');
    else if (title.length > 500) problems.push('“标题”过长（最多 500 个字符）');
    const sourceUrl = text(get('sourceUrl'));
    if (!sourceUrl) problems.push('“来源链接”不能为空');
    else if (!isHttpUrl(sourceUrl)) problems.push(`来源链接“${sourceUrl.slice(0, 80)}”不是以 http:// 或 https:// 开头的完整网址`);
    const sourceName = text(get('sourceName'));
    if (sourceName.length > 200) problems.push('“来源”过长（最多 200 个字符）');
    const issuedAt = time(get('issuedAt'), '下达时间', context.timeZone, problems);
    const dueAt = time(get('dueAt'), '截止时间', context.timeZone, problems);
    if (issuedAt && dueAt && dueAt.getTime() <= issuedAt.getTime()) problems.push('“截止时间”必须晚于“下达时间”');
    const platformText = text(get('platforms'));
    let platforms: Platform[] | null = null;
    if (platformText && !['全部', '所有', '全部平台'].includes(platformText)) {
      platforms = [];
      for (const name of platformText
        .split(LIST_SEPARATORS)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const platform = parsePlatform(name);
        if (!platform) problems.push(`平台“${name}”无法识别，可填：${platformTemplateNames().join('、')}，多个用“、”分隔`);
        else if (!platforms.includes(platform)) platforms.push(platform);
      }
    }
    const unitText = text(get('units'));
    let unitIds: number[] | null = null;
    if (unitText && !['全部', '所有', '全部单位'].includes(unitText)) {
      unitIds = [];
      for (const name of unitText
        .split(LIST_SEPARATORS)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const id = unitsByName.get(name);
        if (id === undefined) problems.push(`单位“${name}”不存在，请检查名称是否与系统中一致`);
        else if (!unitIds.includes(id)) unitIds.push(id);
      }
    }
    if (problems.length) errors.push({ row: rowNumber, message: problems.join('；') });
    else
      records.push({
        row: rowNumber,
        title,
        sourceUrl,
        sourceName: sourceName || null,
        issuedAt: issuedAt!,
        dueAt: dueAt!,
        platforms: platforms?.length ? platforms : null,
        unitIds: unitIds?.length ? unitIds : null,
      });
  }
  if (!records.length && !errors.length) errors.push({ row: headerIndex + 2, message: '表格中没有任务数据行' });
  return { records, errors };
}

function time(cell: Cell, header: string, timeZone: string, problems: string[]): Date | null {
  if (cell === null || text(cell) === '') {
    problems.push(`“${header}”不能为空`);
    return null;
  }
  if (typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(cell.trim()) && !Number.isNaN(Date.parse(cell.trim()))) return new Date(cell.trim());
  const parsed = parseLedgerDate(cell, timeZone);
  if (parsed === 'invalid' || parsed === null) {
    problems.push(`“${header}”“${text(cell).slice(0, 40)}”无法识别，请写成 2023-09-01 09:00 这样的格式`);
    return null;
  }
  return parsed;
}
