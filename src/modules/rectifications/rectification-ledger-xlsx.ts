import ExcelJS from 'exceljs';
import { platformRegistry } from '../platforms/platform-registry';
import { STATUS_LABELS } from './rectification-state-machine';
import type { RectificationView } from './rectifications.responses';

export const LEDGER_TITLE = '政务新媒体问题整改台账';
export const SOURCE_LABELS: Record<string, string> = { manual: '手工下发', finding: '违规与风险', inspection: '检查评分', provincial: '省平台问题清单' };

export const LEDGER_HEADERS = ['序号', '单位', '账号', '平台', '问题', '来源', '下发时间', '整改期限', '状态', '是否逾期', '整改情况', '核验意见', '办结时间'];
const WIDTHS = [6, 20, 18, 10, 40, 12, 12, 12, 9, 9, 36, 24, 12];

/**
 * 整改台账 as XLSX: title, the period it covers, bordered rows (one per order, overdue in red),
 * a totals row; A4 landscape with page numbers.
 */
export async function ledgerWorkbook(orders: RectificationView[], period: string, formatDate: (at: Date | null) => string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政务新媒体账号登记与监测系统';
  const sheet = workbook.addWorksheet('整改台账', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  sheet.columns = WIDTHS.map((width, i) => ({ key: `c${i}`, width }));
  const last = LEDGER_HEADERS.length;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };

  sheet.mergeCells(1, 1, 1, last);
  sheet.getCell(1, 1).value = LEDGER_TITLE;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 32;
  sheet.mergeCells(2, 1, 2, last);
  sheet.getCell(2, 1).value = `统计范围：${period}`;
  sheet.getCell(2, 1).alignment = { horizontal: 'left', vertical: 'middle' };

  const header = sheet.getRow(3);
  LEDGER_HEADERS.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = border;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  header.height = 24;

  orders.forEach((o, i) => {
    const row = sheet.addRow([
      i + 1,
      o.unitName,
      o.accountName ?? '',
      o.platform ? platformRegistry.nameOf(o.platform) : '',
      `${o.title}\n${o.problem}`,
      SOURCE_LABELS[o.source] ?? o.source,
      formatDate(o.issuedAt),
      formatDate(o.dueAt),
      STATUS_LABELS[o.status],
      o.overdue ? '逾期' : '否',
      o.responseText ?? '',
      o.verifyNote ?? '',
      formatDate(o.closedAt),
    ]);
    row.eachCell({ includeEmpty: true }, (cell, k) => {
      cell.border = border;
      cell.alignment = { vertical: 'top', horizontal: [2, 3, 5, 11, 12].includes(k) ? 'left' : 'center', wrapText: true };
    });
    if (o.overdue) row.getCell(10).font = { bold: true, color: { argb: 'FFC00000' } };
  });

  const closed = orders.filter((o) => o.status === 'closed').length;
  const overdue = orders.filter((o) => o.overdue).length;
  const totals = sheet.addRow(['', '合计', `共 ${orders.length} 条`, '', '', '', '', '', `办结 ${closed} 条`, `逾期 ${overdue} 条`, `未办结 ${orders.length - closed} 条`, '', '']);
  totals.eachCell({ includeEmpty: true }, (cell) => {
    cell.font = { bold: true };
    cell.border = border;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
