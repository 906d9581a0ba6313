import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { NoControlChars, NotBlank } from '../../common/validators';
import { MAX_PATTERN_LENGTH, MAX_PATTERNS } from './custom-platform';
import { PLATFORM_CODE } from './platform-registry';

/** `POST /api/platforms` */
export class CreatePlatformDto {
  @ApiProperty({ type: String, example: 'zhihu', description: '平台代码,^[a-z][a-z0-9_]{1,31}$' })
  @IsString()
  @ValidateBy({
    name: 'isPlatformCode',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && PLATFORM_CODE.test(value),
      defaultMessage: () => '平台代码(code)须以小写字母开头,由 2–32 位小写字母、数字或下划线组成,如 zhihu',
    },
  })
  code: string;

  @ApiProperty({ type: String, example: '知乎' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(50)
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['^(?:www\\.|m\\.)?zhihu\\.com/'], description: '识别该平台网址的正则表达式(不含协议头,不区分大小写)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PATTERNS)
  @IsString({ each: true })
  @MaxLength(MAX_PATTERN_LENGTH, { each: true })
  urlPatterns?: string[];
}
