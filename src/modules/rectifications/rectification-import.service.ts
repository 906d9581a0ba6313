import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/roles';
import { readSpreadsheet, SpreadsheetError } from '../../common/spreadsheet';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transactions';
import { AccountsRepository } from '../accounts/accounts.repository';
import { platformRegistry } from '../platforms/platform-registry';
import { UnitsService } from '../units/units.service';
import { interpretProblemRows, matchProblemRow, RowError } from './rectification-import';
import { OrderDraft, RectificationIssuer } from './rectification-issuer';
import { RectificationImportResultView } from './rectifications.responses';

/** Imports the provincial platform's problem list as orders (`source: "provincial"`), all rows or none. */
@Injectable()
export class RectificationImportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly units: UnitsService,
    private readonly issuer: RectificationIssuer,
    private readonly transactions: TransactionRunner,
  ) {}

  async import(file: { buffer: Buffer } | undefined, actor: Actor): Promise<RectificationImportResultView> {
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
    const { records, errors } = interpretProblemRows(rows, this.config.appTimezone, this.config.importLimits.maxDataRows);
    const units = await this.units.all();
    const unitIdByName = new Map(units.map((u) => [u.name.trim(), u.id]));
    const candidates = new Map<string, Awaited<ReturnType<AccountsRepository['onPlatform']>>>();
    for (const platform of new Set(records.map((r) => r.platform))) candidates.set(platform, await this.accounts.onPlatform(platform));
    const drafts: OrderDraft[] = [];
    for (const record of records) {
      const match = matchProblemRow(record, candidates.get(record.platform) ?? [], unitIdByName);
      if ('error' in match) {
        errors.push({ row: record.row, message: match.error });
        continue;
      }
      drafts.push({
        unitId: match.unitId,
        accountId: match.accountId,
        title: `省平台通报：${platformRegistry.nameOf(record.platform)}“${record.name}”`.slice(0, 200),
        problem: record.problem,
        source: 'provincial',
        sourceRef: `省平台问题清单第 ${record.row} 行`,
        sourceKey: null,
        dueAt: record.dueAt,
        foundAt: record.foundAt,
      });
    }
    if (errors.length) {
      errors.sort((a, b) => a.row - b.row);
      const head = errors
        .slice(0, 3)
        .map((e) => `第 ${e.row} 行：${e.message}`)
        .join('；');
      throw rowErrors(`有 ${errors.length} 行需要修改，未导入任何问题：${head}${errors.length > 3 ? '……' : ''}`, errors);
    }
    const saved = await this.transactions.run((tx) => this.issuer.issue(tx, drafts, actor, new Date()));
    return { imported: saved.length };
  }
}

function rowErrors(message: string, errors: RowError[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });
}
