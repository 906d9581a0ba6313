import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../common/auth.decorators';
import type { Actor } from '../../common/roles';
import { ListAlertsQuery } from './alerts.dto';
import { AlertListPage } from './alerts.responses';
import { AlertsService } from './alerts.service';

@ApiTags('alerts 告警')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOkResponse({ type: AlertListPage })
  list(@Query() query: ListAlertsQuery, @CurrentActor() actor: Actor) {
    return this.alerts.list(query, actor);
  }
}
