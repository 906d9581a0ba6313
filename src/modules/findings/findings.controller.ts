import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../../common/openapi';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { AcceptFindingDto, ListFindingsQuery, ListScansQuery, ScanQuery } from './findings.dto';
import { FindingScanView, FindingView } from './findings.responses';
import { FindingsService } from './findings.service';

@ApiTags('findings 违规与风险')
@ApiBearerAuth()
@Controller('findings')
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  /**
   * 202 with the scan (status queued); `?wait=true` answers once it has finished (status done|failed, with counts).
   * Office work: a scan covers every unit, so operators and viewers get 403 (as for its progress).
   */
  @Post('scan')
  @HttpCode(202)
  @Roles('admin', 'reviewer')
  @ApiAcceptedResponse({ type: FindingScanView, description: 'queued;?wait=true 时为完成后的 done 或 failed / queued, or done|failed with ?wait=true' })
  scan(@Query() query: ScanQuery, @CurrentActor() actor: Actor) {
    return this.findings.requestScan('manual', actor.id, query.wait === true, query.full === true);
  }

  /** The latest 20 runs, newest first (e.g. `?trigger=rules`: the rescan after a library or leaders change, with its progress). */
  @Get('scans')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: [FindingScanView] })
  listScans(@Query() query: ListScansQuery) {
    return this.findings.recentScans(20, query.trigger);
  }

  @Get('scans/:id')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: FindingScanView })
  getScan(@Param('id', IdPipe) id: number) {
    return this.findings.getScan(id);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(FindingView) })
  list(@Query() query: ListFindingsQuery, @CurrentActor() actor: Actor) {
    return this.findings.list(query, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: FindingView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.findings.get(id, actor);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: FindingView })
  accept(@Param('id', IdPipe) id: number, @Body() dto: AcceptFindingDto, @CurrentActor() actor: Actor) {
    return this.findings.accept(id, dto.reason, actor);
  }
}
