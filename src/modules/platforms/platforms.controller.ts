import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { PlatformListEntry } from './platform-definition';
import { platformRegistry } from './platform-registry';
import { PlatformView } from './platforms.responses';

@ApiTags('platforms 平台')
@ApiBearerAuth()
@Controller('platforms')
export class PlatformsController {
  /** Every platform accounts may be on (any logged-in user). */
  @Get()
  @ApiOkResponse({ type: [PlatformView], description: '平台列表:内置平台及自定义平台,其他平台在最后' })
  list(): PlatformListEntry[] {
    return platformRegistry.listEntries();
  }
}
