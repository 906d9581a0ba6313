import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../../common/openapi';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { HandoverService } from './handover.service';
import { ContactsQuery, ListRecertificationsQuery, RecertifyDto } from './recertification.dto';
import { ContactView, RecertificationItemView, RecertificationStatusView, RecertifyResultView } from './recertification.responses';
import { RecertificationService } from './recertification.service';

@ApiTags('recertification 定期核查')
@ApiBearerAuth()
@Controller()
export class RecertificationController {
  constructor(
    private readonly recertification: RecertificationService,
    private readonly handover: HandoverService,
  ) {}

  /** 待核查: opened accounts with their due date and status (operators: their unit). */
  @Get('recertifications')
  @ApiOkResponse({ type: PageOf(RecertificationItemView) })
  list(@Query() query: ListRecertificationsQuery, @CurrentActor() actor: Actor) {
    return this.recertification.list(query, actor);
  }

  @Post('accounts/:id/recertify')
  @HttpCode(200)
  @Roles('admin', 'reviewer', 'operator')
  @ApiOkResponse({ type: RecertifyResultView })
  recertify(@Param('id', IdPipe) id: number, @Body() dto: RecertifyDto, @CurrentActor() actor: Actor) {
    return this.recertification.recertify(id, dto, actor);
  }

  @Get('accounts/:id/recertification')
  @ApiOkResponse({ type: RecertificationStatusView })
  status(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.recertification.status(id, actor);
  }

  /** Operator contact history, newest first; `?at=` picks the person responsible at that instant. */
  @Get('accounts/:id/contacts')
  @ApiOkResponse({ type: [ContactView] })
  contacts(@Param('id', IdPipe) id: number, @Query() query: ContactsQuery, @CurrentActor() actor: Actor) {
    return this.handover.contactHistory(id, query, actor);
  }
}
