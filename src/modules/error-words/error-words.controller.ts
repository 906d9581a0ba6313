import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FILE_SCHEMA, PageOf } from '../../common/openapi';
import { CurrentActor, Roles } from '../../common/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import type { Actor } from '../../common/roles';
import { AllowPhraseDto, CreateErrorWordDto, ListErrorWordsQuery, UpdateErrorWordDto } from './error-words.dto';
import { ErrorWordImportView, ErrorWordView } from './error-words.responses';
import { ErrorWordsService } from './error-words.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The 错敏词 library: everyone signed in reads it; the office (admin, reviewer) maintains it. */
@ApiTags('error-words 错敏词库')
@ApiBearerAuth()
@Controller('error-words')
export class ErrorWordsController {
  constructor(private readonly words: ErrorWordsService) {}

  @Get()
  @ApiOkResponse({ type: PageOf(ErrorWordView) })
  list(@Query() query: ListErrorWordsQuery) {
    return this.words.list(query);
  }

  @Get('export')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ schema: FILE_SCHEMA, description: '错敏词库.xlsx（导入格式）/ the library as XLSX, in the import format' })
  async export() {
    return new StreamableFile(await this.words.export(), {
      type: XLSX_TYPE,
      disposition: `attachment; filename="error-words.xlsx"; filename*=UTF-8''${encodeURIComponent('错敏词库.xlsx')}`,
    });
  }

  @Post('import')
  @HttpCode(200)
  @Roles('admin', 'reviewer')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file'))
  @ApiOkResponse({ type: ErrorWordImportView })
  import(@UploadedFile() file: { buffer: Buffer } | undefined, @CurrentActor() actor: Actor) {
    return this.words.import(file, actor);
  }

  @Post()
  @Roles('admin', 'reviewer')
  @ApiCreatedResponse({ type: ErrorWordView })
  create(@Body() dto: CreateErrorWordDto, @CurrentActor() actor: Actor) {
    return this.words.create(dto, actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ErrorWordView })
  get(@Param('id', IdPipe) id: number) {
    return this.words.get(id);
  }

  @Patch(':id')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: ErrorWordView })
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateErrorWordDto, @CurrentActor() actor: Actor) {
    return this.words.update(id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @Roles('admin', 'reviewer')
  async remove(@Param('id', IdPipe) id: number, @CurrentActor() actor: Actor) {
    await this.words.remove(id, actor);
  }

  @Post(':id/allows')
  @Roles('admin', 'reviewer')
  @ApiCreatedResponse({ type: ErrorWordView, description: '加入短语后的词条 / the entry with the phrase added' })
  addAllow(@Param('id', IdPipe) id: number, @Body() dto: AllowPhraseDto, @CurrentActor() actor: Actor) {
    return this.words.addAllow(id, dto, actor);
  }

  @Delete(':id/allows/:allowId')
  @Roles('admin', 'reviewer')
  @ApiOkResponse({ type: ErrorWordView, description: '删除短语后的词条 / the entry without the phrase' })
  removeAllow(@Param('id', IdPipe) id: number, @Param('allowId', IdPipe) allowId: number, @CurrentActor() actor: Actor) {
    return this.words.removeAllow(id, allowId, actor);
  }
}
