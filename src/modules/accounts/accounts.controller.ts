import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { CreateAccountDto, ListAccountsQuery, TransitionDto, UpdateAccountDto } from './accounts.dto';
import { AccountsService } from './accounts.service';
import { LedgerImportService } from './ledger-import.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('accounts 账号')
@ApiBearerAuth()
@Controller()
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly ledger: LedgerImportService,
  ) {}

  @Get('overview')
  overview(@CurrentActor() actor: Actor) {
    return this.accounts.overview(actor);
  }

  @Post('accounts')
  @Roles('admin', 'reviewer', 'operator')
  create(@Body() dto: CreateAccountDto, @CurrentActor() actor: Actor) {
    return this.accounts.create(dto, actor);
  }

  @Get('accounts')
  list(@Query() query: ListAccountsQuery, @CurrentActor() actor: Actor) {
    return this.accounts.list(query, actor);
  }

  @Get('accounts/import/template')
  async template() {
    return new StreamableFile(await this.ledger.template(), {
      type: XLSX_TYPE,
      disposition: `attachment; filename="ledger-template.xlsx"; filename*=UTF-8''${encodeURIComponent('政务新媒体账号台账模板.xlsx')}`,
    });
  }

  @Post('accounts/import')
  @HttpCode(200)
  @Roles('admin', 'reviewer', 'operator')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file'))
  import(@UploadedFile() file: { buffer: Buffer } | undefined, @CurrentActor() actor: Actor) {
    return this.ledger.import(file, actor);
  }

  @Get('accounts/:id')
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.accounts.get(id, actor);
  }

  @Patch('accounts/:id')
  @Roles('admin', 'reviewer', 'operator')
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateAccountDto, @CurrentActor() actor: Actor) {
    return this.accounts.update(id, dto, actor);
  }

  @Post('accounts/:id/transitions')
  @HttpCode(200)
  @Roles('admin', 'reviewer', 'operator')
  transition(@Param('id', IdPipe) id: number, @Body() dto: TransitionDto, @CurrentActor() actor: Actor) {
    return this.accounts.transition(id, dto, actor);
  }

  @Get('accounts/:id/history')
  history(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.accounts.history(id, actor);
  }
}
