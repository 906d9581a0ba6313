import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../common/auth.decorators';
import { sendDownload } from '../../common/download';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { ReportExportsService } from './report-exports.service';
import { CreateReportExportDto } from './reports.dto';

/** Report files built in the background (an addition to api.md: the direct downloads stay as they are). */
@ApiTags('reports 季度通报')
@ApiBearerAuth()
@Controller('reports/exports')
export class ReportExportsController {
  constructor(private readonly exports: ReportExportsService) {}

  @Post()
  @HttpCode(202)
  create(@Body() dto: CreateReportExportDto, @CurrentActor() actor: Actor) {
    return this.exports.request(dto, actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.exports.get(id, actor);
  }

  @Get(':id/file')
  async file(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor, @Res() res: Response) {
    sendDownload(res, await this.exports.file(id, actor));
  }
}
