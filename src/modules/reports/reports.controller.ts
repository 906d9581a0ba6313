import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import type { Actor } from '../../common/roles';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { formatTime } from '../repost-tasks/repost-matching.service';
import { bulletinDocument, bulletinTitle } from './report-docx';
import { statisticsTitle, statisticsWorkbook } from './report-xlsx';
import { DeleteTargetQuery, PublishReportDto, PutTargetDto, QuarterlyReportQuery, TargetsQuery } from './reports.dto';
import { ReportsService } from './reports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function attachment(res: Response, type: string, asciiName: string, chineseName: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`);
}

@ApiTags('reports 季度通报')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('targets')
  targets(@Query() query: TargetsQuery, @CurrentActor() actor: Actor) {
    return this.reports.targets(query.quarter, actor);
  }

  @Put('targets')
  @Roles('admin', 'reviewer')
  putTarget(@Body() dto: PutTargetDto, @CurrentActor() actor: Actor) {
    return this.reports.putTarget(dto, actor);
  }

  @Delete('targets')
  @Roles('admin', 'reviewer')
  deleteTarget(@Query() query: DeleteTargetQuery, @CurrentActor() actor: Actor) {
    return this.reports.deleteTarget(query.quarter, query.unitId, actor);
  }

  @Get('reports/quarterly')
  async quarterly(@Query() query: QuarterlyReportQuery, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.quarterly(query.quarter, actor, { live: query.live, format: query.format });
    const formatDate = (iso: string) => formatTime(new Date(iso), this.config.appTimezone).slice(0, 10);
    if (query.format === 'xlsx') {
      const buffer = await statisticsWorkbook(report, formatDate);
      attachment(res, XLSX, `report-${report.quarter}.xlsx`, `${statisticsTitle(report)}.xlsx`);
      res.send(buffer);
      return undefined;
    }
    if (query.format === 'docx') {
      const buffer = await bulletinDocument(report, { timeZone: this.config.appTimezone, formatDate });
      attachment(res, DOCX, `bulletin-${report.quarter}.docx`, `${bulletinTitle(report)}.docx`);
      res.send(buffer);
      return undefined;
    }
    return report;
  }

  @Post('reports/quarterly/publish')
  @HttpCode(201)
  @Roles('admin', 'reviewer')
  publish(@Body() dto: PublishReportDto, @CurrentActor() actor: Actor) {
    return this.reports.publish(dto, actor);
  }

  @Delete('reports/quarterly/publish')
  @Roles('admin')
  unpublish(@Query() query: TargetsQuery, @CurrentActor() actor: Actor) {
    return this.reports.unpublish(query.quarter ?? '', actor);
  }
}
