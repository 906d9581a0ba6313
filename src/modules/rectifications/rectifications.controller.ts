import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { sendDownload, XLSX_TYPE } from '../../common/download';
import { IdPipe } from '../../common/id.pipe';
import { FILE_SCHEMA, PageOf } from '../../common/openapi';
import type { Actor } from '../../common/roles';
import { RectificationImportService } from './rectification-import.service';
import { RectificationLedgerService } from './rectification-ledger.service';
import { CreateRectificationDto, DeadlineDto, ExportRectificationsQuery, ListRectificationsQuery, RespondDto, VerifyDto } from './rectifications.dto';
import { RectificationDetailView, RectificationImportResultView, RectificationSummaryView, RectificationView, RoundRectificationsView } from './rectifications.responses';
import { RectificationsService } from './rectifications.service';

@ApiTags('rectifications 整改')
@ApiBearerAuth()
@Controller()
export class RectificationsController {
  constructor(
    private readonly rectifications: RectificationsService,
    private readonly imports: RectificationImportService,
    private readonly ledger: RectificationLedgerService,
  ) {}

  @Post('rectifications')
  @Roles('admin', 'reviewer')
  @ApiCreatedResponse({ type: RectificationView })
  create(@Body() dto: CreateRectificationDto, @CurrentActor() actor: Actor) {
    return this.rectifications.create(dto, actor);
  }

  @Get('rectifications')
  @ApiOkResponse({ type: PageOf(RectificationView), description: '按下发时间倒序；信息员只看本单位 / newest first; operators see their unit only' })
  list(@Query() query: ListRectificationsQuery, @CurrentActor() actor: Actor) {
    return this.rectifications.list(query, actor);
  }

  @Get('rectifications/summary')
  @ApiOkResponse({ type: RectificationSummaryView, description: '按单位统计（我的整改）；筛选条件同列表 / counts by unit, same filters as the list' })
  summary(@Query() query: ListRectificationsQuery, @CurrentActor() actor: Actor) {
    return this.rectifications.summary(query, actor);
  }

  @Get('rectifications/export')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '整改台账 XLSX / the rectification ledger' })
  async export(@Query() query: ExportRectificationsQuery, @CurrentActor() actor: Actor, @Res() res: Response) {
    const content = await this.ledger.exportXlsx(query, actor);
    sendDownload(res, { content, contentType: XLSX_TYPE, asciiName: 'rectification-ledger.xlsx', fileName: '整改台账.xlsx' });
  }

  @Post('rectifications/import')
  @HttpCode(200)
  @Roles('admin', 'reviewer')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: RectificationImportResultView, description: '全部导入；有错误行时 400 {errors:[{row,message}]} 且不导入 / all rows or none' })
  @UseInterceptors(FileInterceptor('file'))
  import(@UploadedFile() file: { buffer: Buffer } | undefined, @CurrentActor() actor: Actor) {
    return this.imports.import(file, actor);
  }

  @Get('rectifications/:id')
  @ApiOkResponse({ type: RectificationDetailView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.rectifications.get(id, actor);
  }

  @Post('rectifications/:id/response')
  @HttpCode(200)
  @Roles('admin', 'operator')
  @ApiOkResponse({ type: RectificationView, description: '本单位信息员或管理员反馈 → responded / the unit answers' })
  respond(@Param('id', IdPipe) id: number, @Body() dto: RespondDto, @CurrentActor() actor: Actor) {
    return this.rectifications.respond(id, dto, actor);
  }

  @Post('rectifications/:id/verify')
  @HttpCode(200)
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: RectificationView, description: 'accepted → closed;returned → issued(反馈人不能核验，409)' })
  verify(@Param('id', IdPipe) id: number, @Body() dto: VerifyDto, @CurrentActor() actor: Actor) {
    return this.rectifications.verify(id, dto, actor);
  }

  @Post('findings/:id/rectification')
  @Roles('admin', 'reviewer')
  @ApiCreatedResponse({ type: RectificationView, description: '为未处理的问题下发整改通知；再次调用 409 并给出已有通知编号' })
  fromFinding(@Param('id', IdPipe) id: number, @Body() dto: DeadlineDto, @CurrentActor() actor: Actor) {
    return this.rectifications.fromFinding(id, dto.dueAt, actor);
  }

  @Post('inspections/:id/rectifications')
  @Roles('admin', 'reviewer')
  @ApiCreatedResponse({ type: RoundRectificationsView, description: '定稿检查轮次的每个不合格账号一条整改通知；重复调用不重复创建' })
  fromRound(@Param('id', IdPipe) id: number, @Body() dto: DeadlineDto, @CurrentActor() actor: Actor) {
    return this.rectifications.fromRound(id, dto.dueAt, actor);
  }
}
