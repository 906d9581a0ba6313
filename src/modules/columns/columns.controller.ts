import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../../common/openapi';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { CreateColumnDto, ListColumnsQuery, UpdateColumnDto } from './columns.dto';
import { ColumnListPage, ColumnView } from './columns.responses';
import { ColumnsService } from './columns.service';

@ApiTags('columns 栏目')
@ApiBearerAuth()
@Controller()
export class ColumnsController {
  constructor(private readonly columns: ColumnsService) {}

  @Post('accounts/:id/columns')
  @Roles('admin', 'reviewer', 'operator')
  @ApiCreatedResponse({ type: ColumnView })
  create(@Param('id', IdPipe) accountId: number, @Body() dto: CreateColumnDto, @CurrentActor() actor: Actor) {
    return this.columns.create(accountId, dto, actor);
  }

  @Get('accounts/:id/columns')
  @ApiOkResponse({ type: PageOf(ColumnView) })
  listForAccount(@Param('id', IdPipe) accountId: number, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.columns.listForAccount(accountId, query, actor);
  }

  @Get('columns')
  @ApiOkResponse({ type: ColumnListPage })
  list(@Query() query: ListColumnsQuery, @CurrentActor() actor: Actor) {
    return this.columns.list(query, actor);
  }

  @Get('columns/:id')
  @ApiOkResponse({ type: ColumnView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.columns.get(id, actor);
  }

  @Patch('columns/:id')
  @Roles('admin', 'reviewer', 'operator')
  @ApiOkResponse({ type: ColumnView })
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateColumnDto, @CurrentActor() actor: Actor) {
    return this.columns.update(id, dto, actor);
  }

  @Delete('columns/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @Roles('admin', 'reviewer', 'operator')
  async remove(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    await this.columns.remove(id, actor);
  }
}
