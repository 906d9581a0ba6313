import { Controller, Get, HttpCode, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { PageOf } from '../../common/openapi';
import type { Actor } from '../../common/roles';
import { ListPostsQuery, PostStatsQuery } from './posts.dto';
import { PostImportResultView, PostStatsView, PostView } from './posts.responses';
import { PostsService } from './posts.service';

@ApiTags('posts 发布')
@ApiBearerAuth()
@Controller()
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Get('posts')
  @ApiOkResponse({ type: PageOf(PostView), description: '按发布时间倒序 / newest first' })
  list(@Query() query: ListPostsQuery, @CurrentActor() actor: Actor) {
    return this.posts.list(query, actor);
  }

  @Get('stats/posts')
  @ApiOkResponse({ type: PostStatsView })
  stats(@Query() query: PostStatsQuery, @CurrentActor() actor: Actor) {
    return this.posts.stats(query, actor);
  }

  @Post('accounts/:id/posts/import')
  @HttpCode(200)
  @Roles('admin', 'reviewer', 'operator')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: PostImportResultView, description: '全部导入（重复的跳过）；有错误行时 400 且不导入 / all rows stored (duplicates skipped); any row error is a 400' })
  @UseInterceptors(FileInterceptor('file'))
  import(@Param('id', IdPipe) id: number, @UploadedFile() file: { buffer: Buffer } | undefined, @CurrentActor() actor: Actor) {
    return this.posts.import(id, file, actor);
  }
}
