import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { CreateAlertChannelDto } from './alert-channels.dto';
import { AlertChannelsService } from './alert-channels.service';

/** Alert channels are office-wide settings: admin and reviewers manage them. */
@ApiTags('alert-channels 告警通道')
@ApiBearerAuth()
@Controller('alert-channels')
@Roles('admin', 'reviewer')
export class AlertChannelsController {
  constructor(private readonly channels: AlertChannelsService) {}

  @Post()
  create(@Body() dto: CreateAlertChannelDto, @CurrentActor() actor: Actor) {
    return this.channels.create(dto, actor);
  }

  @Get()
  list(@Query() query: PageQuery) {
    return this.channels.list(query);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.channels.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    await this.channels.remove(id, actor);
  }

  @Get(':id/deliveries')
  deliveries(@Param('id', IdPipe) id: number, @Query() query: PageQuery) {
    return this.channels.listDeliveries(id, query);
  }

  @Post(':id/test')
  @HttpCode(200)
  test(@Param('id', IdPipe) id: number) {
    return this.channels.test(id);
  }
}
