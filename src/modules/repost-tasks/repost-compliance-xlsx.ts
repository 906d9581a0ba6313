import ExcelJS from 'exceljs';
import { chineseQuarter } from '../../common/quarter';
import { finishRow, headerRow, officeSheet, titleRows } from '../../common/xlsx/office-sheet';
import type { RepostComplianceReport } from './repost-tasks.service';

export const COMPLIANCE_COLUMNS = ['序号', '单位', '应转发', '按时完成', '逾期完成', '未完成', '未完成任务'];

/** Title of the listing: 2023年第三季度国办公开办转发任务完成情况表. */
export function complianceTitle(quarter: string): string {
  return `${chineseQuarter(quarter)}国办公开办转发任务完成情况表`;
}

/**
 * The quarterly repost-compliance listing as XLSX: a title row, the period, one bordered row
 * per unit and a totals row on A4 (header rows repeated on each page), then the task list.
 */
export async function complianceWorkbook(report: RepostComplianceReport, formatTime: (at: Date) => string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政务新媒体账号登记与监测系统';
  const period = `统计区间：${formatTime(new Date(report.period.from)).slice(0, 10)} 至 ${formatTime(new Date(new Date(report.period.to).getTime() - 1)).slice(0, 10)}（下达任务${report.tasks.length}项）`;
  const sheet = officeSheet(workbook, '转发任务完成情况', { landscape: false, titleRows: '1:3' });
  sheet.columns = [6, 24, 8, 9, 9, 8, 44].map((width) => ({ width }));
  titleRows(sheet, COMPLIANCE_COLUMNS.length, complianceTitle(report.quarter), period);
  headerRow(sheet, COMPLIANCE_COLUMNS);
  report.units.forEach((u, i) => {
    const row = sheet.addRow([i + 1, u.unitName, u.required, u.done, u.late, u.missing, u.missingTasks.map((t) => t.title).join('\n')]);
    row.eachCell({ includeEmpty: true }, (cell, k) => {
      cell.alignment = { vertical: 'middle', horizontal: k === 2 || k === 7 ? 'left' : 'center', wrapText: k === 2 || k === 7 };
    });
    finishRow(sheet, row, COMPLIANCE_COLUMNS.length);
  });
  const sum = (pick: (u: RepostComplianceReport['units'][number]) => number) => report.units.reduce((s, u) => s + pick(u), 0);
  const totals = sheet.addRow([
    '',
    '合计',
    sum((u) => u.required),
    sum((u) => u.done),
    sum((u) => u.late),
    sum((u) => u.missing),
    `${report.nonCompliantUnits.length}个单位有逾期或未完成任务`,
  ]);
  totals.eachCell({ includeEmpty: true }, (cell, k) => {
    cell.alignment = { vertical: 'middle', horizontal: k === 7 ? 'left' : 'center', wrapText: k === 7 };
  });
  finishRow(sheet, totals, COMPLIANCE_COLUMNS.length, { bold: true });
  sheet.views = [{ state: 'frozen', ySplit: 3 }];

  const tasks = officeSheet(workbook, '任务清单', { landscape: true, titleRows: '1:3' });
  tasks.columns = [6, 44, 50, 18, 18].map((width) => ({ width }));
  titleRows(tasks, 5, `${chineseQuarter(report.quarter)}国办公开办转发任务清单`, period);
  headerRow(tasks, ['序号', '标题', '来源链接', '下达时间', '截止时间']);
  report.tasks.forEach((t, i) => {
    const row = tasks.addRow([i + 1, t.title, t.sourceUrl, formatTime(new Date(t.issuedAt)), formatTime(new Date(t.dueAt))]);
    row.eachCell({ includeEmpty: true }, (cell, k) => {
      cell.alignment = { vertical: 'middle', horizontal: k === 1 || k >= 4 ? 'center' : 'left', wrapText: k === 2 || k === 3 };
    });
    finishRow(tasks, row, 5);
  });
  tasks.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
