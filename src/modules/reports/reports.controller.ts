import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import type { Actor } from '../../common/roles';
import { DOCX_TYPE, sendDownload, XLSX_TYPE } from '../../common/download';
import { FILE_SCHEMA } from '../../common/openapi';
import { DeleteTargetQuery, PublishReportDto, PutTargetDto, QuarterlyReportQuery, TargetsQuery } from './reports.dto';
import { QuarterlyReportView, ReportUnpublishedView, TargetsView } from './reports.responses';
import { ReportsService } from './reports.service';
import { OverviewChartsView } from './overview-charts.responses';
import { OverviewChartsService } from './overview-charts.service';

@ApiTags('reports 季度通报')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly charts: OverviewChartsService,
  ) {}

  @Get('targets')
  @ApiOkResponse({ type: TargetsView })
  targets(@Query() query: TargetsQuery, @CurrentActor() actor: Actor) {
    return this.reports.targets(query.quarter, actor);
  }

  @Put('targets')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: TargetsView, description: "修改后该季度的全部任务 / the quarter's targets after the change" })
  putTarget(@Body() dto: PutTargetDto, @CurrentActor() actor: Actor) {
    return this.reports.putTarget(dto, actor);
  }

  @Delete('targets')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: TargetsView, description: "删除后该季度的全部任务 / the quarter's targets after the removal" })
  deleteTarget(@Query() query: DeleteTargetQuery, @CurrentActor() actor: Actor) {
    return this.reports.deleteTarget(query.quarter, query.unitId, actor);
  }

  @Get('reports/quarterly')
  @ApiExtraModels(QuarterlyReportView)
  @ApiOkResponse({
    description: 'format=json（默认）为通报数据；xlsx 为统计表，docx 为通报初稿 / JSON by default; xlsx: the statistics table; docx: the draft bulletin',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(QuarterlyReportView) } },
      [XLSX_TYPE]: { schema: FILE_SCHEMA },
      [DOCX_TYPE]: { schema: FILE_SCHEMA },
    },
  })
  async quarterly(@Query() query: QuarterlyReportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    if (query.format === 'xlsx' || query.format === 'docx') {
      sendDownload(res, await this.reports.quarterlyFile(query.quarter, actor, query.format, query.live));
      return undefined;
    }
    return this.reports.quarterly(query.quarter, actor, { live: query.live, format: query.format });
  }

  @Get('reports/overview-charts')
  @ApiOkResponse({
    type: OverviewChartsView,
    description: '总览图表：各单位发布数与任务、按周趋势、平台占比、按周失效栏目；信息员只看本单位 / the overview charts of a quarter; operators see their unit',
  })
  overviewCharts(@Query() query: TargetsQuery, @CurrentActor() actor: Actor) {
    return this.charts.charts(query.quarter, actor);
  }

  @Post('reports/quarterly/publish')
  @HttpCode(201)
  @Roles('admin', 'reviewer')
  @ApiCreatedResponse({ type: QuarterlyReportView, description: '已发布的通报 / the report as published' })
  publish(@Body() dto: PublishReportDto, @CurrentActor() actor: Actor) {
    return this.reports.publish(dto, actor);
  }

  @Delete('reports/quarterly/publish')
  @Roles('admin')
  @ApiOkResponse({ type: ReportUnpublishedView })
  unpublish(@Query() query: TargetsQuery, @CurrentActor() actor: Actor) {
    return this.reports.unpublish(query.quarter ?? '', actor);
  }
}
