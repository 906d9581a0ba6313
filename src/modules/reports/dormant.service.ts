import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { DownloadFile } from '../../common/download';
import { XLSX_TYPE } from '../../common/download';
import type { Actor } from '../../common/roles';
import { formatTime } from '../repost-tasks/repost-matching.service';
import { UnitScope } from '../../common/unit-scope';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { platformRegistry } from '../platforms/platform-registry';
import { DormantAccount, dormantAccounts } from './dormant';
import { DormantReadRepository } from '../reporting/dormant-read.repository';
import { DormantReportView } from './dormant.responses';

/** `GET /api/reports/dormant`: 僵尸号 and what to do with each (关停整合). */
@Injectable()
export class DormantService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: DormantReadRepository,
  ) {}

  async report(days: number, actor: Actor, now = new Date()): Promise<DormantReportView> {
    const opened = await this.repository.openedAccounts(UnitScope.restriction(actor));
    const accounts = dormantAccounts(opened, now, days, (code) => platformRegistry.nameOf(code));
    return {
      days,
      asOf: now.toISOString(),
      total: accounts.length,
      accounts: accounts.map((a) => present(a)),
    };
  }

  async file(days: number, actor: Actor): Promise<DownloadFile> {
    const report = await this.report(days, actor);
    const day = (iso: string) => formatTime(new Date(iso), this.config.appTimezone).slice(0, 10);
    const title = `僵尸号清单（${days} 天未更新）`;
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '政务新媒体账号登记与监测系统';
    const sheet = workbook.addWorksheet('僵尸号', {
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    });
    const headers = ['序号', '单位', '平台', '账号名称', '开设日期', '最近发布', '最近发布标题', '未更新天数', '处置建议', '建议理由'];
    const widths = [6, 22, 12, 22, 12, 12, 36, 10, 10, 44];
    sheet.mergeCells(1, 1, 1, headers.length);
    sheet.getCell(1, 1).value = title;
    sheet.getCell(1, 1).font = { bold: true, size: 16 };
    sheet.getCell(1, 1).alignment = { horizontal: 'center' };
    sheet.mergeCells(2, 1, 2, headers.length);
    sheet.getCell(2, 1).value = `统计截至 ${formatTime(new Date(report.asOf), this.config.appTimezone).slice(0, 16)}，已开设且 ${days} 天以上没有发布的账号，共 ${report.total} 个`;
    sheet.getRow(3).values = headers;
    sheet.getRow(3).font = { bold: true };
    widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
    report.accounts.forEach((a, i) => {
      sheet.addRow([
        i + 1,
        a.unitName,
        a.platformName,
        a.name,
        day(a.openedAt),
        a.latestPost ? day(a.latestPost.publishedAt) : '从未发布',
        a.latestPost?.title ?? '',
        a.idleDays,
        a.suggestion,
        a.suggestionReason,
      ]);
    });
    const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    for (let r = 3; r <= sheet.rowCount; r++) {
      sheet.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
        cell.border = border;
        cell.alignment = { vertical: 'middle', wrapText: true };
      });
    }
    sheet.pageSetup.printTitlesRow = '3:3';
    return { content: Buffer.from(await workbook.xlsx.writeBuffer()), contentType: XLSX_TYPE, asciiName: `dormant-${days}d.xlsx`, fileName: `${title}.xlsx` };
  }
}

function present(a: DormantAccount) {
  return {
    accountId: a.id,
    unitId: a.unitId,
    unitName: a.unitName,
    name: a.name,
    platform: a.platform,
    platformName: platformRegistry.nameOf(a.platform),
    openedAt: a.openedAt.toISOString(),
    latestPost: a.latestPost ? { title: a.latestPost.title, url: a.latestPost.url, publishedAt: a.latestPost.publishedAt.toISOString() } : null,
    idleDays: a.idleDays,
    suggestion: a.suggestion,
    suggestionReason: a.suggestionReason,
  };
}
