import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MAX_PAGE_SIZE, PageQuery } from '../../common/pagination';
import { IsHttpUrl, NoControlChars, NotBlank, ParsableTime, QueryInt } from '../../common/validators';
import { Platform } from '../accounts/account.entity';
import { IsPlatform } from '../platforms/is-platform';
import { REPOST_STATUSES, RepostStatus } from './matching/match';

/** A platform list longer than this is bad input (the registry holds far fewer platforms). */
const MAX_PLATFORMS = 100;

export class CreateRepostTaskDto {
  @ApiProperty({ example: '国务院办公厅关于印发《新污染物治理行动方案》的通知' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  @NoControlChars()
  title: string;

  @ApiProperty({ example: 'https://www.gov.cn/zhengce/content/2022-05/24/content_5692059.htm' })
  @IsHttpUrl()
  sourceUrl: string;

  @ApiPropertyOptional({ example: '中国政府网' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoControlChars()
  sourceName?: string;

  @ApiProperty({ example: '2023-09-01T09:00:00+08:00' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @ParsableTime()
  issuedAt: string;

  @ApiProperty({ example: '2023-09-02T18:00:00+08:00', description: 'after issuedAt' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @ParsableTime()
  dueAt: string;

  @ApiPropertyOptional({ type: [String], description: 'platform codes (GET /api/platforms); all platforms when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PLATFORMS)
  @IsPlatform({ each: true })
  platforms?: Platform[];

  @ApiPropertyOptional({ type: [Number], description: 'every active unit when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  unitIds?: number[];
}

export class UpdateRepostTaskDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(500)
  @NoControlChars()
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsHttpUrl()
  sourceUrl?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(200)
  @NoControlChars()
  sourceName?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @ParsableTime()
  issuedAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @ParsableTime()
  dueAt?: string;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'platform codes (GET /api/platforms); null = all platforms' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_PLATFORMS)
  @IsPlatform({ each: true })
  platforms?: Platform[] | null;

  @ApiPropertyOptional({ type: [Number], nullable: true, description: 'null = every active unit' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsArray()
  @ArrayMaxSize(5000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  unitIds?: number[] | null;
}

export class ListRepostTasksQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2023Q3', description: 'tasks issued in this quarter (APP_TIMEZONE); all when omitted' })
  @IsOptional()
  @IsString()
  quarter?: string;
}

export class ComplianceQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ enum: REPOST_STATUSES, description: '只列该状态的账号及其单位；missing 为未完成 / only accounts in this status, and their units' })
  @IsOptional()
  @IsIn(REPOST_STATUSES)
  status?: RepostStatus;

  @ApiPropertyOptional({ minimum: 1, description: '页码（单位），从 1 开始；与 pageSize 一起用 / 1-based page of units' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, description: '每页单位数；不填则列出全部单位 / units per page; all units when absent' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export class CreateConfirmationDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  accountId: number;

  @ApiProperty({ example: 'https://mp.weixin.qq.com/s/Qx3kC9f2LmN7pT1vW8yZbA' })
  @IsHttpUrl()
  evidenceUrl: string;

  @ApiProperty({ example: '2023-09-01T15:00:00+08:00' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @ParsableTime()
  postedAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoControlChars()
  note?: string;
}

export class RevokeConfirmationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @NoControlChars()
  reason?: string;
}

export const REPORT_FORMATS = ['json', 'xlsx'] as const;

export class RepostComplianceReportQuery {
  @ApiPropertyOptional({ example: '2023Q3', description: 'YYYYQn; the current quarter when omitted' })
  @IsOptional()
  @IsString()
  quarter?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];
}
