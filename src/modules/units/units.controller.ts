import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../../common/openapi';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { AbolishUnitDto, CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './units.dto';
import { UnitView } from './units.responses';
import { UnitsService } from './units.service';

@ApiTags('units 单位')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: UnitView })
  create(@Body() dto: CreateUnitDto, @CurrentActor() actor: Actor) {
    return this.units.create(dto, actor);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(UnitView) })
  list(@Query() query: ListUnitsQuery, @CurrentActor() actor: Actor) {
    return this.units.list(query, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: UnitView })
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.units.get(id, actor);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: UnitView })
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateUnitDto, @CurrentActor() actor: Actor) {
    return this.units.update(id, dto, actor);
  }

  @Post(':id/abolish')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: UnitView })
  abolish(@Param('id', IdPipe) id: number, @Body() dto: AbolishUnitDto, @CurrentActor() actor: Actor) {
    return this.units.abolish(id, dto, actor);
  }
}
