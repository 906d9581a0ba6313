import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { PutSourceDto } from './sources.dto';
import { SourceView } from './sources.responses';
import { SourcesService } from './sources.service';

@ApiTags('sources 采集来源')
@ApiBearerAuth()
@Controller()
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get('accounts/:id/source')
  @ApiOkResponse({ type: SourceView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.sources.get(id, actor);
  }

  @Put('accounts/:id/source')
  @Roles('admin', 'reviewer', 'operator')
  @ApiOkResponse({ type: SourceView })
  put(@Param('id', IdPipe) id: number, @Body() dto: PutSourceDto, @CurrentActor() actor: Actor) {
    return this.sources.put(id, dto, actor);
  }
}
