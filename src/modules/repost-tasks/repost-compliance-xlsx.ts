import ExcelJS from 'exceljs';
import type { RepostComplianceReport } from './repost-tasks.service';

export const COMPLIANCE_COLUMNS = ['序号', '单位', '应转发', '按时完成', '逾期完成', '未完成', '未完成任务'];

/** The quarterly repost-compliance listing as XLSX: one row per unit, then the task list. */
export async function complianceWorkbook(report: RepostComplianceReport, formatTime: (at: Date) => string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政务新媒体账号登记与监测系统';
  const sheet = workbook.addWorksheet('转发任务完成情况');
  sheet.columns = [
    { header: COMPLIANCE_COLUMNS[0], key: 'no', width: 6 },
    { header: COMPLIANCE_COLUMNS[1], key: 'unit', width: 28 },
    { header: COMPLIANCE_COLUMNS[2], key: 'required', width: 10 },
    { header: COMPLIANCE_COLUMNS[3], key: 'done', width: 10 },
    { header: COMPLIANCE_COLUMNS[4], key: 'late', width: 10 },
    { header: COMPLIANCE_COLUMNS[5], key: 'missing', width: 10 },
    { header: COMPLIANCE_COLUMNS[6], key: 'missingTasks', width: 60 },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  report.units.forEach((u, i) => {
    const row = sheet.addRow({
      no: i + 1,
      unit: u.unitName,
      required: u.required,
      done: u.done,
      late: u.late,
      missing: u.missing,
      missingTasks: u.missingTasks.map((t) => t.title).join('\n'),
    });
    row.getCell('missingTasks').alignment = { wrapText: true, vertical: 'top' };
  });
  const tasks = workbook.addWorksheet('任务清单');
  tasks.columns = [
    { header: '序号', key: 'no', width: 6 },
    { header: '标题', key: 'title', width: 50 },
    { header: '来源链接', key: 'sourceUrl', width: 50 },
    { header: '下达时间', key: 'issuedAt', width: 18 },
    { header: '截止时间', key: 'dueAt', width: 18 },
  ];
  tasks.getRow(1).font = { bold: true };
  tasks.views = [{ state: 'frozen', ySplit: 1 }];
  report.tasks.forEach((t, i) => tasks.addRow({ no: i + 1, title: t.title, sourceUrl: t.sourceUrl, issuedAt: formatTime(t.issuedAt), dueAt: formatTime(t.dueAt) }));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
