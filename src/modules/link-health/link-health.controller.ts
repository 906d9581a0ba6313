import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { RequestLinkCheckDto } from './link-health.dto';
import { LinkHealthService } from './link-health.service';

@ApiTags('link-checks 链接检测')
@ApiBearerAuth()
@Controller()
export class LinkHealthController {
  constructor(private readonly links: LinkHealthService) {}

  @Post('link-checks')
  @HttpCode(202)
  @Roles('admin', 'reviewer', 'operator')
  request(@Body() dto: RequestLinkCheckDto, @CurrentActor() actor: Actor) {
    return this.links.request(dto, actor);
  }

  @Get('link-checks')
  list(@Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.links.listRuns(query, actor);
  }

  @Get('link-checks/:id')
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.links.getRun(id, actor);
  }

  @Get('columns/:id/checks')
  history(@Param('id', IdPipe) id: number, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.links.history(id, query, actor);
  }
}
