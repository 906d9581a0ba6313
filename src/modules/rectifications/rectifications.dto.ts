import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsHttpUrl, NoControlChars, NotBlank, QueryInt } from '../../common/validators';
import { RECTIFICATION_SOURCES, RectificationSource } from './rectification.entity';
import { RECTIFICATION_STATUSES, RectificationStatus } from './rectification-state-machine';

const DEADLINE_DOC = '整改期限：ISO 8601 时间（如 2023-10-15T18:00:00+08:00），或日期 2023-10-15（按 Asia/Shanghai 当天 23:59:59）；须晚于当前时间';

/** `{dueAt}` of the orders made from a finding or a round. */
export class DeadlineDto {
  @ApiProperty({ example: '2030-10-15', description: DEADLINE_DOC })
  @IsString()
  @NotBlank()
  @MaxLength(40)
  dueAt: string;
}

export class CreateRectificationDto extends DeadlineDto {
  @ApiProperty({ type: 'integer' })
  @IsInt()
  @Min(1)
  unitId: number;

  @ApiPropertyOptional({ type: 'integer', description: '涉及的账号（须属于该单位）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  accountId?: number;

  @ApiProperty({ example: '账号长期未更新' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '“某某发布”微信公众号 2023 年 7 月以来未发布信息，请于期限内恢复更新或申请注销。' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(2000)
  problem: string;

  @ApiPropertyOptional({ enum: RECTIFICATION_SOURCES, default: 'manual' })
  @IsOptional()
  @IsIn(RECTIFICATION_SOURCES)
  source?: RectificationSource;

  @ApiPropertyOptional({ description: '来源说明（如省平台问题编号）' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(200)
  sourceRef?: string;
}

export class RespondDto {
  @ApiProperty({ example: '已恢复更新，9 月 20 日起每周发布 3 条以上。' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(2000)
  text: string;

  @ApiPropertyOptional({ type: [String], description: '佐证链接（http/https），最多 20 个' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsHttpUrl({ each: true })
  @MaxLength(1000, { each: true })
  evidenceUrls?: string[];
}

export const VERIFY_RESULTS = ['accepted', 'returned'] as const;
export type VerifyResult = (typeof VERIFY_RESULTS)[number];

export class VerifyDto {
  @ApiProperty({ enum: VERIFY_RESULTS, description: 'accepted 通过（办结）/ returned 退回重改' })
  @IsIn(VERIFY_RESULTS)
  result: VerifyResult;

  @ApiProperty({ example: '复查确认已恢复更新' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(1000)
  note: string;
}

export class ListRectificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RECTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(RECTIFICATION_STATUSES)
  status?: RectificationStatus;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: RECTIFICATION_SOURCES })
  @IsOptional()
  @IsIn(RECTIFICATION_SOURCES)
  source?: RectificationSource;
}

export class ExportRectificationsQuery {
  @ApiPropertyOptional({ enum: ['xlsx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx'])
  format?: 'xlsx';

  @ApiPropertyOptional({ enum: RECTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(RECTIFICATION_STATUSES)
  status?: RectificationStatus;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: RECTIFICATION_SOURCES })
  @IsOptional()
  @IsIn(RECTIFICATION_SOURCES)
  source?: RectificationSource;

  @ApiPropertyOptional({ example: '2023Q3', description: '只导出该季度下发的整改通知' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  quarter?: string;
}
