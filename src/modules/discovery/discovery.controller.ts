import { Body, Controller, Get, HttpCode, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { PageOf } from '../../common/openapi';
import type { Actor } from '../../common/roles';
import { DiscoveryListQuery, TriageDto } from './discovery.dto';
import { DiscoveryBatchView, DiscoveryImportResultView, DiscoveryRowView } from './discovery.responses';
import { DiscoveryService } from './discovery.service';

@ApiTags('discoveries 账号发现')
@ApiBearerAuth()
@Controller('discoveries')
@Roles('admin', 'reviewer')
export class DiscoveryController {
  constructor(private readonly discovery: DiscoveryService) {}

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: DiscoveryImportResultView, description: '全部导入并判定；有错误行时 400 且不导入 / all rows or none' })
  @UseInterceptors(FileInterceptor('file'))
  import(@UploadedFile() file: { buffer: Buffer; originalname?: string } | undefined, @CurrentActor() actor: Actor) {
    return this.discovery.import(file, actor);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(DiscoveryRowView) })
  list(@Query() query: DiscoveryListQuery) {
    return this.discovery.list(query);
  }

  @Get('batches')
  @ApiOkResponse({ type: [DiscoveryBatchView] })
  batches() {
    return this.discovery.batches();
  }

  @Post(':id/triage')
  @HttpCode(200)
  @ApiOkResponse({ type: DiscoveryRowView, description: '处理后的记录；已处理过的记录 409' })
  triage(@Param('id', IdPipe) id: number, @Body() dto: TriageDto, @CurrentActor() actor: Actor) {
    return this.discovery.triage(id, dto, actor);
  }
}
