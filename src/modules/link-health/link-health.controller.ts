import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../../common/openapi';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { RequestLinkCheckDto } from './link-health.dto';
import { LinkCheckRequestedView, LinkCheckRunView, LinkCheckView } from './link-health.responses';
import { LinkHealthService } from './link-health.service';

@ApiTags('link-checks 链接检测')
@ApiBearerAuth()
@Controller()
export class LinkHealthController {
  constructor(private readonly links: LinkHealthService) {}

  @Post('link-checks')
  @HttpCode(202)
  @Roles('admin', 'reviewer', 'operator')
  @ApiAcceptedResponse({ type: LinkCheckRequestedView })
  request(@Body() dto: RequestLinkCheckDto, @CurrentActor() actor: Actor) {
    return this.links.request(dto, actor);
  }

  @Get('link-checks')
  @ApiOkResponse({ type: PageOf(LinkCheckRunView) })
  list(@Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.links.listRuns(query, actor);
  }

  @Get('link-checks/:id')
  @ApiOkResponse({ type: LinkCheckRunView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.links.getRun(id, actor);
  }

  @Get('columns/:id/checks')
  @ApiOkResponse({ type: PageOf(LinkCheckView) })
  history(@Param('id', IdPipe) id: number, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.links.history(id, query, actor);
  }
}
