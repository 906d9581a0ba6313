import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import type { Actor } from '../../common/roles';
import { CustomPlatformsService } from './custom-platforms.service';
import { PlatformCodePipe } from './platform-code.pipe';
import type { PlatformListEntry } from './platform-definition';
import { CreatePlatformDto, UpdatePlatformDto } from './platforms.dto';
import { PlatformView } from './platforms.responses';

@ApiTags('platforms 平台')
@ApiBearerAuth()
@Controller('platforms')
export class PlatformsController {
  constructor(private readonly custom: CustomPlatformsService) {}

  /** Every platform accounts may be on (any logged-in user). */
  @Get()
  @ApiOkResponse({ type: [PlatformView], description: '平台列表：内置平台及自定义平台，其他平台在最后' })
  list(): Promise<PlatformListEntry[]> {
    return this.custom.list();
  }

  /** Adds a custom platform (admin). */
  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: PlatformView, description: '新增的平台；代码重复 409，网址规则无效 400' })
  create(@Body() dto: CreatePlatformDto, @CurrentActor() actor: Actor): Promise<PlatformListEntry> {
    return this.custom.create(dto, actor);
  }

  /** Sets a custom platform's icon and input hints (admin). */
  @Patch(':code')
  @Roles('admin')
  @ApiOkResponse({ type: PlatformView, description: '修改后的平台；内置平台 409，不存在 404，代码格式或图标无效 400' })
  update(@Param('code', PlatformCodePipe) code: string, @Body() dto: UpdatePlatformDto, @CurrentActor() actor: Actor): Promise<PlatformListEntry> {
    return this.custom.update(code, dto, actor);
  }
}
