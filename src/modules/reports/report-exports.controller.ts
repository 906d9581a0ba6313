import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../common/auth.decorators';
import { DOCX_TYPE, sendDownload, XLSX_TYPE } from '../../common/download';
import { FILE_SCHEMA } from '../../common/openapi';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { ReportExportsService } from './report-exports.service';
import { CreateReportExportDto } from './reports.dto';
import { ReportExportView } from './reports.responses';

/** Report files built in the background (an addition to api.md: the direct downloads stay as they are). */
@ApiTags('reports 季度通报')
@ApiBearerAuth()
@Controller('reports/exports')
export class ReportExportsController {
  constructor(private readonly exports: ReportExportsService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReportExportView, description: '已排队，按 GET /api/reports/exports/{id} 查看进度 / queued; follow it at GET /api/reports/exports/{id}' })
  create(@Body() dto: CreateReportExportDto, @CurrentActor() actor: Actor) {
    return this.exports.request(dto, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ReportExportView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.exports.get(id, actor);
  }

  @Get(':id/file')
  @ApiProduces(XLSX_TYPE, DOCX_TYPE)
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '生成的文件；未完成或失败时 409 / the file; 409 while building or when it failed' })
  async file(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor, @Res() res: Response) {
    sendDownload(res, await this.exports.file(id, actor));
  }
}
