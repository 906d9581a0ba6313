import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import type { Actor } from '../../common/roles';
import { LeaderTermDto } from './leaders.dto';
import { LeaderView } from './leaders.responses';
import { LeadersService } from './leaders.service';

/** 领导信息: everyone signed in reads the list; admins replace it. */
@ApiTags('leaders 领导信息')
@ApiBearerAuth()
@Controller('leaders')
export class LeadersController {
  constructor(private readonly leaders: LeadersService) {}

  @Get()
  @ApiOkResponse({ type: [LeaderView] })
  list() {
    return this.leaders.list();
  }

  @Put()
  @Roles('admin')
  @ApiBody({ type: [LeaderTermDto], description: '完整列表（替换原有）：[{name, title, validFrom?, validTo?}]，日期为 YYYY-MM-DD（含）' })
  @ApiOkResponse({ type: [LeaderView] })
  // Checked in the service (leader-terms.ts), which names every entry's problem in Chinese in one 400.
  replace(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.leaders.replace(body, actor);
  }
}
