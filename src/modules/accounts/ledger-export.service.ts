import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { CSV_TYPE, DownloadFile, XLSX_TYPE } from '../../common/download';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UnitsService } from '../units/units.service';
import { LEDGER_COLUMNS } from './ledger';
import { ledgerCsv, ledgerRows } from './ledger-export';
import { AccountsRepository } from './accounts.repository';
import type { ExportLedgerQuery } from './accounts.dto';

/** `GET /api/accounts/export`: the 台账 in the import template's columns; operators get their own unit's rows. */
@Injectable()
export class LedgerExportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly units: UnitsService,
  ) {}

  async export(query: ExportLedgerQuery, actor: Actor): Promise<DownloadFile> {
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    const accounts = await this.accounts.ledger({ unitId, platform: query.platform, state: query.state });
    const units = await this.units.all();
    const order = new Map([...units].sort((a, b) => (a.code ?? '\uffff').localeCompare(b.code ?? '\uffff') || a.name.localeCompare(b.name)).map((u, i) => [u.id, i]));
    accounts.sort((a, b) => (order.get(a.unitId) ?? 0) - (order.get(b.unitId) ?? 0));
    const day = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: this.config.appTimezone }).format(at);
    const rows = ledgerRows(accounts, new Map(units.map((u) => [u.id, u.name])), day);
    const stamp = day(new Date());
    if (query.format === 'csv') return { content: ledgerCsv(rows), contentType: CSV_TYPE, asciiName: `ledger-${stamp}.csv`, fileName: `政务新媒体账号台账-${stamp}.csv` };
    return { content: await this.workbook(rows), contentType: XLSX_TYPE, asciiName: `ledger-${stamp}.xlsx`, fileName: `政务新媒体账号台账-${stamp}.xlsx` };
  }

  /** The template's layout (header in row 1, the import reads it back), bordered, A4 landscape. */
  private async workbook(rows: string[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '政务新媒体账号登记与监测系统';
    const sheet = workbook.addWorksheet('台账', {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
      headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    });
    sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
    for (const row of rows) sheet.addRow(row);
    const thin = { style: 'thin' as const };
    sheet.eachRow((row, n) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.font = { name: '宋体', bold: n === 1 };
        cell.border = { top: thin, left: thin, bottom: thin, right: thin };
        cell.numFmt = '@';
      });
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
