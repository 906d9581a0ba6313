import type ExcelJS from 'exceljs';
import { finishRow, headerRow, officeSheet, OFFICE_FONT, titleRows } from '../../common/xlsx/office-sheet';
import { platformRegistry } from '../platforms/platform-registry';
import type { QuarterlyReport } from './report.types';

export const IMPOSTOR_SHEET = '假冒账号';
const COLUMNS: { header: string; width: number }[] = [
  { header: '序号', width: 6 },
  { header: '平台', width: 12 },
  { header: '账号名称', width: 24 },
  { header: '账号ID', width: 20 },
  { header: '主页链接', width: 36 },
  { header: '认证主体', width: 20 },
  { header: '冒用单位', width: 22 },
  { header: '证据及处置', width: 36 },
  { header: '认定日期', width: 12 },
];

/**
 * The quarter's impostor accounts (假冒账号, from discovery triage) as a sheet beside the
 * statistics table: title and period, bordered rows on A4 landscape in 宋体, as the bulletin lists them.
 */
export function addImpostorSheet(workbook: ExcelJS.Workbook, report: QuarterlyReport, formatDate: (iso: string) => string): void {
  const sheet = officeSheet(workbook, IMPOSTOR_SHEET, { landscape: true, titleRows: '1:3' });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const last = COLUMNS.length;
  const cases = report.impostors ?? [];
  const period = `统计区间 ${formatDate(report.period.from)} 至 ${formatDate(new Date(new Date(report.period.to).getTime() - 1).toISOString())}，共 ${cases.length} 个`;
  titleRows(sheet, last, `${report.quarterLabel}发现的假冒政务新媒体账号`, period);
  headerRow(
    sheet,
    COLUMNS.map((c) => c.header),
  );
  cases.forEach((c, i) => {
    const row = sheet.addRow([
      i + 1,
      platformRegistry.nameOf(c.platform),
      c.name,
      c.platformAccountId ?? '',
      c.homepageUrl ?? '',
      c.certifiedSubject ?? '',
      c.unitName ?? '',
      c.note ?? '',
      formatDate(c.recordedAt),
    ]);
    row.eachCell({ includeEmpty: true }, (cell, k) => {
      cell.alignment = { vertical: 'middle', horizontal: k === 1 || k === 2 || k === last ? 'center' : 'left', wrapText: k > 2 && k < last };
    });
    finishRow(sheet, row, last);
  });
  if (!cases.length) {
    const row = sheet.addRow(['本季度未发现假冒账号']);
    sheet.mergeCells(row.number, 1, row.number, last);
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    row.getCell(1).font = { name: OFFICE_FONT };
    finishRow(sheet, row, last);
  }
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
}
