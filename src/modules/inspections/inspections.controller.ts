import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { DOCX_TYPE, sendDownload, XLSX_TYPE } from '../../common/download';
import { IdPipe } from '../../common/id.pipe';
import { FILE_SCHEMA, PageOf } from '../../common/openapi';
import type { Actor } from '../../common/roles';
import type { Indicator } from './indicators';
import { InspectionEvaluationService } from './inspection-evaluation.service';
import { InspectionExportsService } from './inspection-exports.service';
import { CreateInspectionDto, IndicatorDto, InspectionReportQuery, ListInspectionAccountsQuery, ListInspectionsQuery, PutManualItemsDto } from './inspections.dto';
import { EvaluationAcceptedView, IndicatorView, InspectionAccountView, InspectionReportView, InspectionRoundView } from './inspections.responses';
import { InspectionsService } from './inspections.service';

@ApiTags('inspections 检查评分')
@ApiBearerAuth()
@Controller()
export class InspectionsController {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly evaluation: InspectionEvaluationService,
    private readonly exports: InspectionExportsService,
  ) {}

  @Get('inspection-indicators')
  @ApiOkResponse({ type: [IndicatorView] })
  indicators() {
    return this.inspections.indicators();
  }

  /** Replaces the set (validated as a whole here, so every problem comes back in Chinese at once). */
  @Put('inspection-indicators')
  @Roles('admin')
  @ApiBody({ type: [IndicatorDto] })
  @ApiOkResponse({ type: [IndicatorView] })
  putIndicators(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.inspections.putIndicators(body as Indicator[], actor);
  }

  @Post('inspections')
  @HttpCode(201)
  @Roles('admin', 'reviewer')
  @ApiCreatedResponse({ type: InspectionRoundView })
  create(@Body() dto: CreateInspectionDto, @CurrentActor() actor: Actor) {
    return this.inspections.create(dto, actor);
  }

  @Get('inspections')
  @ApiOkResponse({ type: PageOf(InspectionRoundView) })
  list(@Query() query: ListInspectionsQuery) {
    return this.inspections.list(query);
  }

  @Get('inspections/:id')
  @ApiOkResponse({ type: InspectionRoundView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.inspections.get(id, actor);
  }

  @Post('inspections/:id/evaluate')
  @HttpCode(202)
  @Roles('admin', 'reviewer')
  @ApiAcceptedResponse({ type: EvaluationAcceptedView, description: '评分任务；进度见 GET /api/inspections/:id 的 evaluation / the run; progress at GET …/:id' })
  async evaluate(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    const run = await this.evaluation.request(id, actor.id);
    return { id: run.id, roundId: run.roundId, status: run.status };
  }

  @Get('inspections/:id/accounts')
  @ApiOkResponse({ type: PageOf(InspectionAccountView) })
  accounts(@Param('id', IdPipe) id: number, @Query() query: ListInspectionAccountsQuery, @CurrentActor() actor: Actor) {
    return this.inspections.accounts(id, query, actor);
  }

  @Put('inspections/:id/accounts/:accountId/manual')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: InspectionAccountView })
  putManual(@Param('id', IdPipe) id: number, @Param('accountId', IdPipe) accountId: number, @Body() dto: PutManualItemsDto, @CurrentActor() actor: Actor) {
    return this.inspections.putManual(id, accountId, dto, actor);
  }

  @Post('inspections/:id/finalize')
  @HttpCode(200)
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: InspectionRoundView })
  finalize(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.inspections.finalize(id, actor);
  }

  @Get('inspections/:id/report')
  @ApiExtraModels(InspectionReportView)
  @ApiOkResponse({
    description: 'json（默认）：轮次与每个账号的结果；xlsx：检查结果表；docx：通报中的检查情况 / json, the results table (xlsx) or the bulletin section (docx)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(InspectionReportView) } },
      [XLSX_TYPE]: { schema: FILE_SCHEMA },
      [DOCX_TYPE]: { schema: FILE_SCHEMA },
    },
  })
  async report(@Param('id', IdPipe) id: number, @Query() query: InspectionReportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    if (query.format === 'xlsx' || query.format === 'docx') {
      sendDownload(res, await this.exports.file(id, query.format, actor));
      return undefined;
    }
    return this.exports.json(id, actor);
  }
}
