import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { sendDownload } from '../../common/download';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { FILE_SCHEMA, PageOf } from '../../common/openapi';
import type { Actor } from '../../common/roles';
import { CreateAccountDto, ExportLedgerQuery, ListAccountsQuery, TransitionDto, UpdateAccountDto } from './accounts.dto';
import { AccountView, HistoryEntryView, LedgerImportResultView, OverviewView } from './accounts.responses';
import { AccountsService } from './accounts.service';
import { LedgerExportService } from './ledger-export.service';
import { LedgerImportService } from './ledger-import.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('accounts 账号')
@ApiBearerAuth()
@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly ledger: LedgerImportService,
    private readonly ledgerExport: LedgerExportService,
  ) {}

  @Get('overview')
  @ApiOkResponse({ type: OverviewView })
  overview(@CurrentActor() actor: Actor) {
    return this.accounts.overview(actor);
  }

  @Post('accounts')
  @Roles('admin', 'reviewer', 'operator')
  @ApiCreatedResponse({ type: AccountView, description: '已申请的账号 / the account, applied' })
  create(@Body() dto: CreateAccountDto, @CurrentActor() actor: Actor) {
    return this.accounts.create(dto, actor);
  }

  @Get('accounts')
  @ApiOkResponse({ type: PageOf(AccountView) })
  list(@Query() query: ListAccountsQuery, @CurrentActor() actor: Actor) {
    return this.accounts.list(query, actor);
  }

  @Get('accounts/import/template')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '台账导入模板 / the ledger template (XLSX)' })
  async template() {
    return new StreamableFile(await this.ledger.template(), {
      type: XLSX_TYPE,
      disposition: `attachment; filename="ledger-template.xlsx"; filename*=UTF-8''${encodeURIComponent('政务新媒体账号台账模板.xlsx')}`,
    });
  }

  @Get('accounts/export')
  @ApiProduces(XLSX_TYPE, 'text/csv')
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '台账导出（导入模板的列，可原样导入）；信息员只导出本单位 / the ledger in the import template columns' })
  async exportLedger(@Query() query: ExportLedgerQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<void> {
    sendDownload(res, await this.ledgerExport.export(query, actor));
  }

  @Post('accounts/import')
  @HttpCode(200)
  @Roles('admin', 'reviewer', 'operator')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: LedgerImportResultView, description: '全部导入；有错误行时 400 且不导入 / all rows imported; any row error is a 400 and nothing is imported' })
  @UseInterceptors(FileInterceptor('file'))
  import(@UploadedFile() file: { buffer: Buffer } | undefined, @CurrentActor() actor: Actor) {
    return this.ledger.import(file, actor);
  }

  @Get('accounts/:id')
  @ApiOkResponse({ type: AccountView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.accounts.get(id, actor);
  }

  @Patch('accounts/:id')
  @Roles('admin', 'reviewer', 'operator')
  @ApiOkResponse({ type: AccountView })
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateAccountDto, @CurrentActor() actor: Actor) {
    return this.accounts.update(id, dto, actor);
  }

  @Post('accounts/:id/transitions')
  @HttpCode(200)
  @Roles('admin', 'reviewer', 'operator')
  @ApiOkResponse({ type: AccountView, description: '操作后的账号 / the account after the transition' })
  transition(@Param('id', IdPipe) id: number, @Body() dto: TransitionDto, @CurrentActor() actor: Actor) {
    return this.accounts.transition(id, dto, actor);
  }

  @Get('accounts/:id/history')
  @ApiOkResponse({ type: [HistoryEntryView], description: '按记录顺序 / in the order recorded' })
  history(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.accounts.history(id, actor);
  }
}
