import { Controller, Get, HttpCode, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { ListPostsQuery, PostStatsQuery } from './posts.dto';
import { PostsService } from './posts.service';

@ApiTags('posts 发布')
@ApiBearerAuth()
@Controller()
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Get('posts')
  list(@Query() query: ListPostsQuery, @CurrentActor() actor: Actor) {
    return this.posts.list(query, actor);
  }

  @Get('stats/posts')
  stats(@Query() query: PostStatsQuery, @CurrentActor() actor: Actor) {
    return this.posts.stats(query, actor);
  }

  @Post('accounts/:id/posts/import')
  @HttpCode(200)
  @Roles('admin', 'reviewer', 'operator')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file'))
  import(@Param('id', IdPipe) id: number, @UploadedFile() file: { buffer: Buffer } | undefined, @CurrentActor() actor: Actor) {
    return this.posts.import(id, file, actor);
  }
}
