import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../common/auth.decorators';
import { sendDownload } from '../../common/download';
import { FILE_SCHEMA } from '../../common/openapi';
import type { Actor } from '../../common/roles';
import { DormantQuery } from './dormant.dto';
import { DormantReportView } from './dormant.responses';
import { DormantService } from './dormant.service';

@ApiTags('reports 季度通报')
@ApiBearerAuth()
@Controller('reports/dormant')
export class DormantController {
  constructor(private readonly dormant: DormantService) {}

  /** 僵尸号: opened accounts with no post in `days` (operators: their own unit). */
  @Get()
  @ApiOkResponse({ type: DormantReportView })
  report(@Query() query: DormantQuery, @CurrentActor() actor: Actor) {
    return this.dormant.report(query.days ?? 90, actor);
  }

  @Get('export')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '僵尸号清单 XLSX（标题、统计时间、边框、A4、页码）' })
  async export(@Query() query: DormantQuery, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    sendDownload(res, await this.dormant.file(query.days ?? 90, actor));
  }
}
