import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import type { Actor } from '../../common/roles';
import { sendDownload } from '../../common/download';
import { DeleteTargetQuery, PublishReportDto, PutTargetDto, QuarterlyReportQuery, TargetsQuery } from './reports.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports 季度通报')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

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
    if (query.format === 'xlsx' || query.format === 'docx') {
      sendDownload(res, await this.reports.quarterlyFile(query.quarter, actor, query.format, query.live));
      return undefined;
    }
    return this.reports.quarterly(query.quarter, actor, { live: query.live, format: query.format });
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
