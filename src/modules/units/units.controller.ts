import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { AbolishUnitDto, CreateUnitDto, ListUnitsQuery, UpdateUnitDto } from './units.dto';
import { UnitsService } from './units.service';

@ApiTags('units 单位')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Post()
  @Roles('admin')
  create(@Body() dto: CreateUnitDto, @CurrentActor() actor: Actor) {
    return this.units.create(dto, actor);
  }

  @Get()
  list(@Query() query: ListUnitsQuery, @CurrentActor() actor: Actor) {
    return this.units.list(query, actor);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    return this.units.get(id, actor);
  }

  @Patch(':id')
  @Roles('admin')
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateUnitDto, @CurrentActor() actor: Actor) {
    return this.units.update(id, dto, actor);
  }

  @Post(':id/abolish')
  @HttpCode(200)
  @Roles('admin')
  abolish(@Param('id', IdPipe) id: number, @Body() dto: AbolishUnitDto, @CurrentActor() actor: Actor) {
    return this.units.abolish(id, dto, actor);
  }
}
