import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { QueryInt } from '../../common/validators';

export const QUARTERLY_FORMATS = ['json', 'xlsx', 'docx'] as const;

export class PutTargetDto {
  @ApiProperty({ example: '2023Q3' })
  @IsString()
  @MaxLength(10)
  quarter: string;

  @ApiPropertyOptional({ description: 'omitted: the default for every unit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiProperty({ example: 30, description: '发布 target (posts published by the unit itself)' })
  @IsInt()
  @Min(0)
  @Max(1000000)
  posts: number;

  @ApiProperty({ example: 10, description: '转发 target' })
  @IsInt()
  @Min(0)
  @Max(1000000)
  reposts: number;
}

export class TargetsQuery {
  @ApiPropertyOptional({ example: '2023Q3', description: 'the current quarter when omitted' })
  @IsOptional()
  @IsString()
  quarter?: string;
}

export class DeleteTargetQuery {
  @ApiProperty({ example: '2023Q3' })
  @IsString()
  quarter: string;

  @ApiPropertyOptional({ description: 'omitted: the default' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;
}

export class QuarterlyReportQuery {
  @ApiPropertyOptional({ example: '2023Q3', description: 'YYYYQn; the current quarter when omitted' })
  @IsOptional()
  @IsString()
  quarter?: string;

  @ApiPropertyOptional({ enum: QUARTERLY_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(QUARTERLY_FORMATS)
  format?: (typeof QUARTERLY_FORMATS)[number];

  @ApiPropertyOptional({ description: 'true: compute from the data now even when the quarter was published' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  live?: boolean;
}

export class PublishReportDto {
  @ApiProperty({ example: '2023Q3' })
  @IsString()
  @MaxLength(10)
  quarter: string;

  @ApiPropertyOptional({ description: 'replace an earlier publication with the figures as they are now' })
  @IsOptional()
  @IsBoolean()
  replace?: boolean;
}

export const REPORT_EXPORT_KINDS = ['quarterly', 'repost-compliance'] as const;
export const REPORT_EXPORT_FORMATS = ['xlsx', 'docx'] as const;

export class CreateReportExportDto {
  @ApiProperty({ enum: REPORT_EXPORT_KINDS, description: 'quarterly：统计表（xlsx）or 通报（docx）；repost-compliance：转发任务完成情况（xlsx）' })
  @IsIn(REPORT_EXPORT_KINDS)
  report: (typeof REPORT_EXPORT_KINDS)[number];

  @ApiPropertyOptional({ example: '2023Q3', description: 'YYYYQn; the current quarter when omitted' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  quarter?: string;

  @ApiProperty({ enum: REPORT_EXPORT_FORMATS })
  @IsIn(REPORT_EXPORT_FORMATS)
  format: (typeof REPORT_EXPORT_FORMATS)[number];

  @ApiPropertyOptional({ description: 'quarterly only: compute from the data now even when the quarter was published' })
  @IsOptional()
  @IsBoolean()
  live?: boolean;
}
