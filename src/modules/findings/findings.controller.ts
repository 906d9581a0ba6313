import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { AcceptFindingDto, ListFindingsQuery, ScanQuery } from './findings.dto';
import { FindingsService } from './findings.service';

@ApiTags('findings 违规与风险')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  /**
   * 202 {id, status}; `?wait=true` answers once the scan has finished (status done|failed, with counts).
   * Office work: a scan covers every unit, so operators and viewers get 403 (as for its progress).
   */
  @Post('scan')
  @HttpCode(202)
  @Roles('admin', 'reviewer')
  scan(@Query() query: ScanQuery, @CurrentActor() actor: Actor) {
    return this.findings.requestScan('manual', actor.id, query.wait === true);
  }

  @Get('scans/:id')
  @Roles('admin', 'reviewer')
  getScan(@Param('id', IdPipe) id: number) {
    return this.findings.getScan(id);
  }

  @Get()
  list(@Query() query: ListFindingsQuery, @CurrentActor() actor: Actor) {
    return this.findings.list(query, actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.findings.get(id, actor);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('admin', 'reviewer')
  accept(@Param('id', IdPipe) id: number, @Body() dto: AcceptFindingDto, @CurrentActor() actor: Actor) {
    return this.findings.accept(id, dto.reason, actor);
  }
}
