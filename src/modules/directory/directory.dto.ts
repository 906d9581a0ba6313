import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { NoControlChars, QueryInt } from '../../common/validators';
import { Platform } from '../accounts/account.entity';
import { IsPlatform } from '../platforms/is-platform';

export const MAX_SEARCH_LENGTH = 50;

/** Filters of the public directory (no paging: exports and the page). */
export class DirectoryFilterQuery {
  @ApiPropertyOptional({ description: '单位ID' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  unitId?: number;

  @ApiPropertyOptional({ description: '平台代码（wechat、weibo…）' })
  @IsOptional()
  @IsPlatform()
  platform?: Platform;

  @ApiPropertyOptional({ description: '搜索账号名称、平台账号ID或单位名称', maxLength: MAX_SEARCH_LENGTH })
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(MAX_SEARCH_LENGTH)
  q?: string;
}

/** `GET /api/public/accounts?unitId=&platform=&q=&page=&pageSize=`: the directory filters, paged. */
export class PublicAccountsQuery extends IntersectionType(PageQuery, DirectoryFilterQuery) {}

/** `GET /api/public/verify?url=` or `?platform=&id=` */
export class VerifyQuery {
  @ApiPropertyOptional({ description: '账号主页链接（微信、微博、头条、抖音等）', example: 'https://weibo.com/u/1234567890' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ description: '平台代码（wechat、weibo…）' })
  @IsOptional()
  @IsPlatform()
  platform?: Platform;

  @ApiPropertyOptional({ description: '平台账号ID（微信原始ID gh_…、微博UID、抖音 sec_uid 等）' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(128)
  id?: string;
}
