import { Inject, Injectable } from '@nestjs/common';
import { DOCX_TYPE, DownloadFile, XLSX_TYPE } from '../../common/download';
import type { Actor } from '../../common/roles';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { resultsTitle, resultsWorkbook, sectionDocument, sectionTitle } from './inspection-report';
import type { AccountResultView, RoundView } from './inspection-views';
import { InspectionsService } from './inspections.service';

/** `GET /api/inspections/:id/report`: the round and every account (json), the results table (xlsx), the bulletin section (docx). */
@Injectable()
export class InspectionExportsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inspections: InspectionsService,
  ) {}

  async json(id: number, actor: Actor): Promise<{ round: RoundView; accounts: AccountResultView[] }> {
    const round = await this.inspections.get(id, actor);
    return { round, accounts: await this.inspections.allAccounts(await this.inspections.round(id), actor) };
  }

  async file(id: number, format: 'xlsx' | 'docx', actor: Actor): Promise<DownloadFile> {
    this.inspections.assertOfficeFile(actor);
    const { round, accounts } = await this.json(id, actor);
    if (format === 'xlsx') {
      const formatDate = (iso: string) =>
        new Intl.DateTimeFormat('sv-SE', { timeZone: this.config.appTimezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
      return {
        content: await resultsWorkbook(round, accounts, formatDate),
        contentType: XLSX_TYPE,
        asciiName: `inspection-${round.id}.xlsx`,
        fileName: `${resultsTitle(round)}.xlsx`,
      };
    }
    return { content: await sectionDocument(round, accounts), contentType: DOCX_TYPE, asciiName: `inspection-${round.id}.docx`, fileName: `${sectionTitle(round)}.docx` };
  }
}
