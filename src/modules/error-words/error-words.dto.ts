import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { NoControlChars, NotBlank } from '../../common/validators';
import { ERROR_WORD_CATEGORIES, ERROR_WORD_SEVERITIES, ErrorWordCategory, ErrorWordSeverity } from './categories';

export class ListErrorWordsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '搜索错误写法或正确写法' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ERROR_WORD_CATEGORIES })
  @IsOptional()
  @IsIn(ERROR_WORD_CATEGORIES)
  category?: ErrorWordCategory;

  @ApiPropertyOptional({ enum: ERROR_WORD_SEVERITIES })
  @IsOptional()
  @IsIn(ERROR_WORD_SEVERITIES)
  severity?: ErrorWordSeverity;
}

export class CreateErrorWordDto {
  @ApiProperty({ example: '中华人民共合国', description: '错误写法' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  wrong: string;

  @ApiProperty({ example: '中华人民共和国', description: '正确写法' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(200)
  correct: string;

  @ApiProperty({ enum: ERROR_WORD_CATEGORIES })
  @IsIn(ERROR_WORD_CATEGORIES)
  category: ErrorWordCategory;

  @ApiPropertyOptional({ enum: ERROR_WORD_SEVERITIES, description: '严重程度：serious 严重（单项否决）、general 一般（扣分）；默认 general' })
  @IsOptional()
  @IsIn(ERROR_WORD_SEVERITIES, { message: '严重程度只能是 serious（严重）或 general（一般）' })
  severity?: ErrorWordSeverity;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @NoControlChars()
  @MaxLength(500)
  note?: string | null;
}

export class UpdateErrorWordDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  wrong?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(200)
  correct?: string;

  @ApiPropertyOptional({ enum: ERROR_WORD_CATEGORIES })
  @IsOptional()
  @IsIn(ERROR_WORD_CATEGORIES)
  category?: ErrorWordCategory;

  @ApiPropertyOptional({ enum: ERROR_WORD_SEVERITIES, description: '严重程度：serious 严重（单项否决）、general 一般（扣分）；默认 general' })
  @IsOptional()
  @IsIn(ERROR_WORD_SEVERITIES, { message: '严重程度只能是 serious（严重）或 general（一般）' })
  severity?: ErrorWordSeverity;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @NoControlChars()
  @MaxLength(500)
  note?: string | null;
}

export class AllowPhraseDto {
  @ApiProperty({ example: '中华人民共和国政府信息公开条例', description: '包含错误写法、但整体正确的较长短语' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(200)
  phrase: string;
}
