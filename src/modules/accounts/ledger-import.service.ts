import { platformRegistry } from '../platforms/platform-registry';
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { Actor } from '../../common/roles';
import { readSpreadsheet, SpreadsheetError } from '../../common/spreadsheet';
import { UnitScope } from '../../common/unit-scope';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { UnitsService } from '../units/units.service';
import { STATE_LABELS } from './account-state-machine';
import { AccountsRepository } from './accounts.repository';
import { interpretLedger, LEDGER_COLUMNS, LedgerRecord, platformTemplateNames, RowError, STATE_TEMPLATE_NAMES } from './ledger';

/** Ledger (台账) import and its template: all rows or none. */
@Injectable()
export class LedgerImportService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
  ) {}

  async import(file: { buffer: Buffer } | undefined, actor: Actor): Promise<{ imported: number }> {
    if (!file?.buffer) throw rowErrors('请在表单字段 file 中上传 .xlsx 或 .csv 文件', []);
    let rows;
    try {
      rows = await readSpreadsheet(file.buffer, this.config.importLimits);
    } catch (error) {
      if (error instanceof SpreadsheetError) throw rowErrors(error.message, []);
      throw error;
    }
    // The file may name (or link to) a platform another process added a moment ago.
    await platformRegistry.reload();
    // Operators may only apply (maker-checker); admins and reviewers back-fill any state.
    const applicationsOnly = actor.role === 'operator';
    const now = new Date();
    return this.transactions.run(async (tx) => {
      const existing = await this.accounts.allKeys(tx);
      const { records, errors } = interpretLedger(rows, {
        units: await this.units.all(),
        existing,
        onlyUnitId: UnitScope.restriction(actor),
        applicationsOnly,
        timeZone: this.config.appTimezone,
        now,
      });
      if (errors.length) {
        throw rowErrors(
          `台账有 ${errors.length} 行需要修改，未导入任何数据：${errors
            .slice(0, 3)
            .map((e) => `第 ${e.row} 行：${e.message}`)
            .join('；')}${errors.length > 3 ? '……' : ''}`,
          errors,
        );
      }
      for (const record of records) await this.save(tx, record, actor, applicationsOnly ? now : null);
      return { imported: records.length };
    });
  }

  /** Saves one row: a back-filled account, or (`appliedAt` set) the importer's own application. */
  private async save(tx: Transaction, record: LedgerRecord, actor: Actor, appliedAt: Date | null): Promise<void> {
    const account = await this.accounts.save(tx, {
      unitId: record.unitId,
      platform: record.platform,
      name: record.name,
      platformAccountId: record.platformAccountId,
      homepageUrl: record.homepageUrl,
      operatorName: record.operatorName,
      operatorPhone: record.operatorPhone,
      filingNumber: record.filingNumber,
      justification: record.justification,
      state: record.state,
      openedAt: record.openedAt,
      deregisteredAt: record.deregisteredAt,
      appliedAt,
      appliedById: appliedAt ? actor.id : null,
    });
    await this.audit.record(tx, {
      subjectType: 'account',
      subjectId: account.id,
      action: 'import',
      actor,
      toState: record.state,
      reason: appliedAt ? `台账导入第 ${record.row} 行：提交开设申请` : `台账导入第 ${record.row} 行：补录，状态“${STATE_LABELS[record.state]}”`,
      at: appliedAt ?? record.deregisteredAt ?? record.openedAt ?? new Date(),
      changes: Object.fromEntries(Object.entries(record).filter(([key, value]) => key !== 'row' && value !== null)),
    });
  }

  /** The XLSX template: the header row, one example row, and a sheet of allowed values. */
  async template(): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '政务新媒体账号登记与监测系统';
    const sheet = workbook.addWorksheet('台账');
    sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    LEDGER_COLUMNS.filter((c) => c.required).forEach((c) => {
      sheet.getCell(1, LEDGER_COLUMNS.indexOf(c) + 1).note = '必填';
    });
    sheet.addRow({
      unit: '示例镇人民政府（请改为系统中的单位名称）',
      platform: '微信公众号',
      name: '示例发布',
      platformAccountId: 'gh_0123456789ab',
      homepageUrl: 'https://mp.weixin.qq.com/',
      openedAt: '2021-03-05',
      operatorName: '张三',
      operatorPhone: '0917-0000000',
      state: '已开设',
    });
    const help = workbook.addWorksheet('填写说明');
    help.columns = [
      { header: '列', width: 14 },
      { header: '说明', width: 80 },
    ];
    help.addRows([
      ['单位', '必填。与系统“单位”中的名称完全一致'],
      ['平台', `必填。可填：${platformTemplateNames().join('、')}`],
      ['账号名称', '必填'],
      ['开设时间', '日期，如 2021-03-05；不能晚于今天'],
      ['状态', `可填：${STATE_TEMPLATE_NAMES.join('、')}；不填视为“已开设”。信息员只能导入开设申请：状态留空（视为“已申请”）或填“已申请”，提交后须经审核员审批`],
      ['注销时间', '状态为“已注销”时填写'],
      ['多账号理由', '同一单位在同一平台已有在用账号时必填'],
      ['导入规则', '全部行校验通过才会导入；有任何一行错误时不导入，并列出每一行的问题'],
    ]);
    help.getRow(1).font = { bold: true };
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}

function rowErrors(message: string, errors: RowError[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });
}
