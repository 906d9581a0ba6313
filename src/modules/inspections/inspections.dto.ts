import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { NoControlChars, NotBlank, OptionalText, OptionalUrl, QueryInt } from '../../common/validators';
import { IsPlatform } from '../platforms/is-platform';
import { INDICATOR_BASES, INDICATOR_TYPES, IndicatorBasis, IndicatorType } from './indicators';
import { ROUND_STATUSES, RoundStatus } from './inspection.entities';

const CODE = /^[a-z][a-z0-9_]{1,39}$/;
const CODE_MESSAGE = '指标编码应为小写字母开头的字母、数字或下划线，2–40 位';

/** One item of the indicator set as the admin writes it (PUT /api/inspection-indicators). */
export class IndicatorDto {
  @ApiProperty({ example: 'broken_column' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '栏目链接不可用' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: INDICATOR_TYPES })
  @IsIn(INDICATOR_TYPES, { message: '类型应为 veto（单项否决）、deduction（扣分）或 bonus（加分）' })
  type: IndicatorType;

  @ApiProperty({ enum: INDICATOR_BASES })
  @IsIn(INDICATOR_BASES, { message: '依据应为 auto（自动）或 manual（人工）' })
  basis: IndicatorBasis;

  @ApiProperty({ minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0, { message: '分值不能为负数' })
  @Max(100)
  points: number;

  @ApiProperty({ minimum: 0, description: '单项最多扣（加）分，不小于 points' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0, { message: '上限不能为负数' })
  @Max(100)
  cap: number;

  @ApiPropertyOptional()
  @OptionalText(500)
  description: string;
}

export class CreateInspectionDto {
  @ApiProperty({ example: '2023Q3' })
  @IsString()
  @MaxLength(20)
  quarter: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, default: 1, description: '抽查比例，(0, 1]' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '抽查比例应为 0 到 1 之间的数，例如 0.3' })
  @Min(0.000001, { message: '抽查比例应大于 0 且不超过 1' })
  @Max(1, { message: '抽查比例应大于 0 且不超过 1' })
  sampleRate?: number;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  unitIds?: number[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsPlatform({ each: true })
  platforms?: string[];

  @ApiPropertyOptional({ description: '随机种子：相同种子抽到相同账号；不填时自动生成并记录' })
  @IsOptional()
  @IsInt({ message: '随机种子应为整数' })
  @Min(0)
  @Max(2147483647)
  seed?: number;
}

export class ListInspectionsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2023Q3' })
  @IsOptional()
  @IsString()
  quarter?: string;

  @ApiPropertyOptional({ enum: ROUND_STATUSES })
  @IsOptional()
  @IsIn(ROUND_STATUSES)
  status?: RoundStatus;
}

export class ListInspectionAccountsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pass', 'fail'] })
  @IsOptional()
  @IsIn(['pass', 'fail'], { message: '结论应为 pass（合格）或 fail（不合格）' })
  verdict?: 'pass' | 'fail';

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;
}

export class ManualItemDto {
  @ApiProperty({ example: 'no_interaction' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ description: 'true：命中该指标；false：已检查未命中' })
  @IsBoolean()
  hit: boolean;

  @ApiPropertyOptional({ minimum: 1, description: '命中次数（扣分项按次计），默认 1' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  count?: number;

  @ApiPropertyOptional()
  @OptionalText(1000)
  note?: string;

  @ApiPropertyOptional({ description: '证据链接（截图、页面地址）' })
  @OptionalUrl(2000)
  evidenceUrl?: string;
}

export class PutManualItemsDto {
  @ApiProperty({ type: [ManualItemDto] })
  @IsArray()
  @ArrayMinSize(1, { message: '请至少填写一项人工检查项' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ManualItemDto)
  items: ManualItemDto[];
}

export class InspectionReportQuery {
  @ApiPropertyOptional({ enum: ['json', 'xlsx', 'docx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xlsx', 'docx'], { message: '格式应为 json、xlsx 或 docx' })
  format?: 'json' | 'xlsx' | 'docx';
}
