import ExcelJS from 'exceljs';
import { finishRow, OFFICE_FONT } from '../../common/xlsx/office-sheet';
import { platformRegistry } from '../platforms/platform-registry';
import { addImpostorSheet } from './report-xlsx-impostors';
import type { QuarterlyReport, ReportUnitRow } from './report.types';

/** Title of the statistics table (附件: 政务新媒体监管情况统计表). */
export function statisticsTitle(report: Pick<QuarterlyReport, 'quarterLabel'>): string {
  return `${report.quarterLabel}政务新媒体监管情况统计表`;
}

interface ColumnSpec {
  key: string;
  group?: string;
  header: string;
  width: number;
  value: (r: ReportUnitRow, i: number) => string | number;
  total?: (report: QuarterlyReport) => string | number;
}

/** The columns of the statistics table, shared by the XLSX and the DOCX attachment. */
export function statisticsColumns(report: QuarterlyReport, formatDate: (iso: string) => string): ColumnSpec[] {
  // One column per platform the report counts (report-assemble.ts, reportPlatforms), in its order.
  const platforms = Object.keys(report.totals.accountsByPlatform);
  return [
    { key: 'no', header: '序号', width: 6, value: (_r, i) => i + 1, total: () => '' },
    { key: 'unit', header: '单位', width: 24, value: (r) => (r.unitStatus === 'abolished' ? `${r.unitName}（已撤并）` : r.unitName), total: () => '合计' },
    ...platforms.map((p) => ({
      key: `p_${p}`,
      group: '账号数（个）',
      header: platformRegistry.nameOf(p),
      width: Math.max(8, platformRegistry.nameOf(p).length * 2 + 1),
      value: (r: ReportUnitRow) => r.accountsByPlatform[p] ?? 0,
      total: (rep: QuarterlyReport) => rep.totals.accountsByPlatform[p] ?? 0,
    })),
    { key: 'accounts', group: '账号数（个）', header: '合计', width: 7, value: (r) => r.accountsOpen, total: (rep) => rep.totals.accountsOpen },
    { key: 'posts', group: '信息数量（条）', header: '发布', width: 8, value: (r) => r.posts, total: (rep) => rep.totals.posts },
    { key: 'reposts', group: '信息数量（条）', header: '转发', width: 8, value: (r) => r.reposts, total: (rep) => rep.totals.reposts },
    { key: 'targetPosts', group: '发布任务（条）', header: '发布', width: 8, value: (r) => r.targetPosts, total: (rep) => rep.units.reduce((s, r) => s + r.targetPosts, 0) },
    { key: 'targetReposts', group: '发布任务（条）', header: '转发', width: 8, value: (r) => r.targetReposts, total: (rep) => rep.units.reduce((s, r) => s + r.targetReposts, 0) },
    { key: 'met', header: '完成情况', width: 10, value: (r) => (r.met ? '完成' : '未完成'), total: (rep) => `完成${rep.goodUnits.length}个` },
    { key: 'rtRequired', group: '国办公开办转发任务（项）', header: '应转发', width: 8, value: (r) => r.repostTasks.required, total: (rep) => rep.totals.repostTasks.required },
    { key: 'rtDone', group: '国办公开办转发任务（项）', header: '按时完成', width: 9, value: (r) => r.repostTasks.done, total: (rep) => rep.totals.repostTasks.done },
    { key: 'rtLate', group: '国办公开办转发任务（项）', header: '逾期', width: 7, value: (r) => r.repostTasks.late, total: (rep) => rep.totals.repostTasks.late },
    { key: 'rtMissing', group: '国办公开办转发任务（项）', header: '未完成', width: 8, value: (r) => r.repostTasks.missing, total: (rep) => rep.totals.repostTasks.missing },
    { key: 'broken', header: '栏目链接无法访问（个）', width: 11, value: (r) => r.brokenColumns, total: (rep) => rep.totals.brokenColumns },
    { key: 'lastPost', header: '最近发布', width: 12, value: (r) => (r.lastPostAt ? formatDate(r.lastPostAt) : '无'), total: () => '' },
    { key: 'problems', header: '存在问题', width: 36, value: (r) => r.problems.join('；'), total: (rep) => `${rep.units.length - rep.goodUnits.length}个单位未完成发布任务` },
  ];
}

/** The statistics table as XLSX: title, two header rows, one row per unit, a totals row; A4 landscape. Then the 假冒账号 sheet. */
export async function statisticsWorkbook(report: QuarterlyReport, formatDate: (iso: string) => string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政务新媒体账号登记与监测系统';
  workbook.created = new Date(report.generatedAt);
  const sheet = workbook.addWorksheet('监管情况统计表', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:3',
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  const columns = statisticsColumns(report, formatDate);
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const last = columns.length;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };

  sheet.mergeCells(1, 1, 1, last);
  const title = sheet.getCell(1, 1);
  title.value = statisticsTitle(report);
  title.font = { name: OFFICE_FONT, bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 32;

  // Header rows 2–3: grouped columns share a merged cell in row 2; single columns span both rows.
  let c = 1;
  while (c <= last) {
    const col = columns[c - 1];
    if (col.group) {
      let end = c;
      while (end < last && columns[end].group === col.group) end++;
      sheet.mergeCells(2, c, 2, end);
      sheet.getCell(2, c).value = col.group;
      for (let k = c; k <= end; k++) sheet.getCell(3, k).value = columns[k - 1].header;
      c = end + 1;
    } else {
      sheet.mergeCells(2, c, 3, c);
      sheet.getCell(2, c).value = col.header;
      c++;
    }
  }
  for (const r of [2, 3]) {
    const row = sheet.getRow(r);
    row.height = 24;
    for (let k = 1; k <= last; k++) {
      const cell = row.getCell(k);
      cell.font = { name: OFFICE_FONT, bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    }
  }

  report.units.forEach((unit, i) => {
    const row = sheet.addRow(Object.fromEntries(columns.map((col) => [col.key, col.value(unit, i)])));
    row.eachCell({ includeEmpty: true }, (cell, k) => {
      cell.border = border;
      cell.alignment = { vertical: 'middle', horizontal: k === 2 || k === last ? 'left' : 'center', wrapText: k === last || k === 2 };
    });
    if (!unit.met) row.getCell('met').font = { color: { argb: 'FFC00000' } };
    finishRow(sheet, row, last);
  });
  const totals = sheet.addRow(Object.fromEntries(columns.map((col) => [col.key, col.total ? col.total(report) : ''])));
  totals.eachCell({ includeEmpty: true }, (cell, k) => {
    cell.font = { bold: true };
    cell.border = border;
    cell.alignment = { vertical: 'middle', horizontal: k === last ? 'left' : 'center', wrapText: k === last };
  });
  finishRow(sheet, totals, last, { bold: true });

  const note = sheet.addRow([]);
  sheet.mergeCells(note.number, 1, note.number, last);
  const status = report.status === 'published' ? `已发布（${report.publishedAt ? formatDate(report.publishedAt) : ''}）` : `实时数据，截至 ${formatDate(report.asOf)}`;
  note.getCell(1).value =
    `说明：统计区间 ${formatDate(report.period.from)} 至 ${formatDate(new Date(new Date(report.period.to).getTime() - 1).toISOString())}；账号数为期末已开设账号；发布任务未单独设置的单位按默认任务计；${status}。`;
  note.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  note.getCell(1).font = { name: OFFICE_FONT, size: 10 };
  note.height = 30;

  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 3 }];
  addImpostorSheet(workbook, report, formatDate);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
