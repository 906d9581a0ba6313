import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { sendDownload, XLSX_TYPE } from '../../common/download';
import { IdPipe } from '../../common/id.pipe';
import { FILE_SCHEMA, PageOf } from '../../common/openapi';
import type { Actor } from '../../common/roles';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import {
  ComplianceQuery,
  CreateConfirmationDto,
  CreateRepostTaskDto,
  ListRepostTasksQuery,
  RepostComplianceReportQuery,
  RevokeConfirmationDto,
  UpdateRepostTaskDto,
} from './repost-tasks.dto';
import {
  RepostComplianceReportView,
  RepostComplianceView,
  RepostConfirmationView,
  RepostTaskHistoryEntryView,
  RepostTaskImportResultView,
  RepostTaskView,
} from './repost-tasks.responses';
import { RepostComplianceService } from './repost-compliance.service';
import { RepostTasksService } from './repost-tasks.service';

@ApiTags('repost-tasks 转发任务')
@ApiBearerAuth()
@Controller()
export class RepostTasksController {
  constructor(
    private readonly tasks: RepostTasksService,
    private readonly complianceReports: RepostComplianceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('repost-tasks')
  @Roles('admin', 'reviewer')
  @ApiCreatedResponse({ type: RepostTaskView })
  create(@Body() dto: CreateRepostTaskDto, @CurrentActor() actor: Actor) {
    return this.tasks.create(dto, actor);
  }

  @Get('repost-tasks')
  @ApiOkResponse({ type: PageOf(RepostTaskView), description: '按下达时间倒序，含 summary / newest first, with the summary' })
  list(@Query() query: ListRepostTasksQuery, @CurrentActor() actor: Actor) {
    return this.tasks.list(query, actor);
  }

  @Get('repost-tasks/import/template')
  @Roles('admin', 'reviewer')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '转发任务导入模板 / the import template (XLSX)' })
  async template(@Res() res: Response) {
    sendDownload(res, { content: await this.tasks.template(), contentType: XLSX_TYPE, asciiName: 'repost-tasks-template.xlsx', fileName: '转发任务导入模板.xlsx' });
  }

  @Post('repost-tasks/import')
  @HttpCode(200)
  @Roles('admin', 'reviewer')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: RepostTaskImportResultView, description: '全部导入；有错误行时 400 且不导入 / all rows imported; any row error is a 400' })
  @UseInterceptors(FileInterceptor('file'))
  import(@UploadedFile() file: { buffer: Buffer } | undefined, @CurrentActor() actor: Actor) {
    return this.tasks.import(file, actor);
  }

  @Get('repost-tasks/:id')
  @ApiOkResponse({ type: RepostTaskView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.tasks.get(id, actor);
  }

  @Patch('repost-tasks/:id')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: RepostTaskView })
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateRepostTaskDto, @CurrentActor() actor: Actor) {
    return this.tasks.update(id, dto, actor);
  }

  @Get('repost-tasks/:id/history')
  @ApiOkResponse({ type: [RepostTaskHistoryEntryView], description: '按记录顺序 / in the order recorded' })
  history(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.tasks.history(id, actor);
  }

  @Get('repost-tasks/:id/compliance')
  @ApiOkResponse({ type: RepostComplianceView })
  compliance(@Param('id', IdPipe) id: number, @Query() query: ComplianceQuery, @CurrentActor() actor: Actor) {
    return this.tasks.compliance(id, actor, query);
  }

  @Get('repost-tasks/:id/confirmations')
  @ApiOkResponse({ type: [RepostConfirmationView], description: '含已撤销的 / revoked ones included' })
  confirmations(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.tasks.confirmations(id, actor);
  }

  @Post('repost-tasks/:id/confirmations')
  @Roles('admin', 'reviewer', 'operator')
  @ApiCreatedResponse({ type: RepostConfirmationView })
  confirm(@Param('id', IdPipe) id: number, @Body() dto: CreateConfirmationDto, @CurrentActor() actor: Actor) {
    return this.tasks.confirm(id, dto, actor);
  }

  @Delete('repost-tasks/:id/confirmations/:confirmationId')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: RepostConfirmationView, description: '已撤销的确认 / the confirmation, revoked' })
  revoke(@Param('id', IdPipe) id: number, @Param('confirmationId', IdPipe) confirmationId: number, @CurrentActor() actor: Actor) {
    return this.tasks.revoke(id, confirmationId, {}, actor);
  }

  @Post('repost-tasks/:id/confirmations/:confirmationId/revoke')
  @HttpCode(200)
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: RepostConfirmationView, description: '已撤销的确认 / the confirmation, revoked' })
  revokeWithReason(@Param('id', IdPipe) id: number, @Param('confirmationId', IdPipe) confirmationId: number, @Body() dto: RevokeConfirmationDto, @CurrentActor() actor: Actor) {
    return this.tasks.revoke(id, confirmationId, dto, actor);
  }

  @Get('reports/repost-compliance')
  @ApiExtraModels(RepostComplianceReportView)
  @ApiOkResponse({
    description: 'format=json（默认）或 xlsx（转发任务完成情况表）/ JSON by default, or the workbook',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(RepostComplianceReportView) } },
      [XLSX_TYPE]: { schema: FILE_SCHEMA },
    },
  })
  async report(@Query() query: RepostComplianceReportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    if (query.format !== 'xlsx') return this.complianceReports.report(query.quarter, actor);
    sendDownload(res, await this.complianceReports.reportFile(query.quarter, actor));
    return undefined;
  }
}
