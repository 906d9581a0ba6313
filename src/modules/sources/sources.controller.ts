import { Body, Controller, Get, NotFoundException, Param, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { GetSourceQuery, PutSourceDto } from './sources.dto';
import { SourceView } from './sources.responses';
import { SourcesService } from './sources.service';

@ApiTags('sources 采集来源')
@ApiBearerAuth()
@Controller()
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get('accounts/:id/source')
  @ApiOkResponse({ type: SourceView })
  @ApiNoContentResponse({ description: 'optional=true 且尚未配置采集来源 / no source set (optional=true)' })
  async get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor, @Query() query: GetSourceQuery, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.sources.get(id, actor);
    } catch (error) {
      // An account without a source is a normal state: the account page asks with optional=true.
      if (query.optional === 'true' && error instanceof NotFoundException && (await this.sources.accountVisible(id, actor))) {
        res.status(204);
        return undefined;
      }
      throw error;
    }
  }

  @Put('accounts/:id/source')
  @Roles('admin', 'reviewer', 'operator')
  @ApiOkResponse({ type: SourceView })
  put(@Param('id', IdPipe) id: number, @Body() dto: PutSourceDto, @CurrentActor() actor: Actor) {
    return this.sources.put(id, dto, actor);
  }
}
