import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { CreatePollDto } from './polling.dto';
import { PollRequestedView, PollRunView } from './polling.responses';
import { PollingService } from './polling.service';

@ApiTags('polls 采集')
@ApiBearerAuth()
@Controller('polls')
export class PollingController {
  constructor(private readonly polling: PollingService) {}

  @Post()
  @HttpCode(202)
  @Roles('admin', 'reviewer', 'operator')
  @ApiAcceptedResponse({ type: PollRequestedView })
  create(@Body() dto: CreatePollDto, @CurrentActor() actor: Actor) {
    return this.polling.request(dto.accountIds, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: PollRunView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.polling.getRun(id, actor);
  }
}
