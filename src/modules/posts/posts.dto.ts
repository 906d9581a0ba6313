import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { ParsableTime, QueryInt } from '../../common/validators';

export class ListPostsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  accountId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @ParsableTime()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @ParsableTime()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  isRepost?: boolean;
}

export const STATS_GROUPS = ['unit', 'account', 'platform'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

export class PostStatsQuery {
  @ApiPropertyOptional({ example: '2023Q3', description: 'YYYYQn; the current quarter when omitted' })
  @IsOptional()
  @IsString()
  quarter?: string;

  @ApiPropertyOptional({ enum: STATS_GROUPS, default: 'unit' })
  @IsOptional()
  @IsIn(STATS_GROUPS)
  groupBy?: StatsGroup;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;
}
