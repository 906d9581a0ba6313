import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { NoControlChars, NotBlank } from '../../common/validators';
import { MAX_PATTERN_LENGTH, MAX_PATTERNS } from './custom-platform';
import { colorProblem, glyphProblem, MAX_HINT_LENGTH } from './platform-icon';
import { PLATFORM_CODE, PLATFORM_CODE_RULE } from './platform-registry';

/** A platform's mark as an admin sets it: either part may be left out (the default fills it). */
export class PlatformIconDto {
  @ApiPropertyOptional({ type: String, example: '#1677FF', description: '图标颜色，# 加 6 位十六进制数字' })
  @IsOptional()
  @ValidateBy({
    name: 'isIconColor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && colorProblem(value) === null,
      defaultMessage: (args) => (typeof args?.value === 'string' ? colorProblem(args.value)! : '图标颜色须为 # 加 6 位十六进制数字，如 #1677FF'),
    },
  })
  color?: string;

  @ApiPropertyOptional({ type: String, example: '知', description: '图标文字，1–2 个字' })
  @IsOptional()
  @ValidateBy({
    name: 'isIconGlyph',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && glyphProblem(value) === null,
      defaultMessage: (args) => (typeof args?.value === 'string' ? glyphProblem(args.value)! : '图标文字须为 1–2 个字，如“知”'),
    },
  })
  glyph?: string;
}

/** The look of a custom platform: its mark and the account form's hints. */
export class PlatformLookDto {
  @ApiPropertyOptional({ type: PlatformIconDto, description: '图标（颜色与 1–2 个字）；不填则为默认灰色加名称首字' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PlatformIconDto)
  icon?: PlatformIconDto;

  @ApiPropertyOptional({ type: String, nullable: true, example: '知乎用户主页链接 /people/ 后的一串字符', description: '账号表单中“账号ID”的填写提示；null 清除' })
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @NoControlChars()
  @MaxLength(MAX_HINT_LENGTH)
  idHint?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '如 https://www.zhihu.com/people/…', description: '账号表单中“主页链接”的填写提示；null 清除' })
  @ValidateIf((_o, value) => value !== null && value !== undefined)
  @IsString()
  @NoControlChars()
  @MaxLength(MAX_HINT_LENGTH)
  homepageHint?: string | null;
}

/** `POST /api/platforms` */
export class CreatePlatformDto extends PlatformLookDto {
  @ApiProperty({ type: String, example: 'zhihu', description: '平台代码，^[a-z][a-z0-9_]{1,31}$' })
  @IsString()
  @ValidateBy({
    name: 'isPlatformCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && PLATFORM_CODE.test(value),
      defaultMessage: () => PLATFORM_CODE_RULE,
    },
  })
  code: string;

  @ApiProperty({ type: String, example: '知乎' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(50)
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['^(?:www\\.|m\\.)?zhihu\\.com/'], description: '识别该平台网址的正则表达式（不含协议头，不区分大小写）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PATTERNS)
  @IsString({ each: true })
  @MaxLength(MAX_PATTERN_LENGTH, { each: true })
  urlPatterns?: string[];
}

/** `PATCH /api/platforms/:code` (custom platforms only) */
export class UpdatePlatformDto extends PlatformLookDto {}
