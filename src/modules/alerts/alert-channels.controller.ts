import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageOf } from '../../common/openapi';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { PageQuery } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { CreateAlertChannelDto } from './alert-channels.dto';
import { AlertChannelView, AlertDeliveryView } from './alert-channels.responses';
import { AlertChannelsService } from './alert-channels.service';

/** Alert channels are office-wide settings: admin and reviewers manage them. */
@ApiTags('alert-channels 告警通道')
@ApiBearerAuth()
@Controller('alert-channels')
@Roles('admin', 'reviewer')
export class AlertChannelsController {
  constructor(private readonly channels: AlertChannelsService) {}

  @Post()
  @ApiCreatedResponse({ type: AlertChannelView })
  create(@Body() dto: CreateAlertChannelDto, @CurrentActor() actor: Actor) {
    return this.channels.create(dto, actor);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(AlertChannelView) })
  list(@Query() query: PageQuery) {
    return this.channels.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: AlertChannelView })
  get(@Param('id', IdPipe) id: number) {
    return this.channels.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    await this.channels.remove(id, actor);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: PageOf(AlertDeliveryView) })
  deliveries(@Param('id', IdPipe) id: number, @Query() query: PageQuery) {
    return this.channels.listDeliveries(id, query);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOkResponse({ type: AlertDeliveryView, description: '测试消息的发送结果 / the test delivery with its outcome' })
  test(@Param('id', IdPipe) id: number) {
    return this.channels.test(id);
  }
}
