import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsHttpUrl, NoControlChars, NotBlank, OptionalText, OptionalUrl, ParsableTime, QueryInt } from '../../common/validators';

/** `status` of the list: the cycle states, and `pending` = due or overdue (the 待核查 list). */
export const RECERT_FILTERS = ['due', 'overdue', 'ok', 'pending'] as const;
export type RecertFilter = (typeof RECERT_FILTERS)[number];

export class ListRecertificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RECERT_FILTERS, description: 'due=即将到期，overdue=已逾期，ok=未到期，pending=即将到期或已逾期' })
  @IsOptional()
  @IsIn(RECERT_FILTERS)
  status?: RecertFilter;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: 'true：只看负责人已停用或调离、待交接的账号' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  handover?: boolean;
}

export class RecertifyColumnDto {
  @ApiPropertyOptional({ description: '已有栏目的编号；不填为新增' })
  @IsOptional()
  @IsInt()
  @Min(1)
  id?: number;

  @ApiProperty({ example: '政务公开' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'https://www.example.gov.cn/zwgk/' })
  @IsString()
  @IsHttpUrl()
  @MaxLength(2000)
  url: string;
}

/** POST /api/accounts/:id/recertify: the facts as confirmed; fields left out are confirmed unchanged. */
export class RecertifyDto {
  @ApiPropertyOptional()
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(128)
  platformAccountId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalUrl()
  homepageUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '认证主体' })
  @OptionalText(200)
  certifiedSubject?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(50)
  operatorName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(30)
  operatorPhone?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '负责人对应的系统用户（本单位信息员）；null 取消关联' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  operatorUserId?: number | null;

  @ApiPropertyOptional({ type: [RecertifyColumnDto], description: '完整的栏目清单：带 id 的修改，不带 id 的新增，未列出的删除；不填表示栏目无变化' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RecertifyColumnDto)
  columns?: RecertifyColumnDto[];
}

export class ContactsQuery {
  @ApiPropertyOptional({ description: '只返回该时刻在任的负责人（ISO 8601）' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @ParsableTime()
  at?: string;
}
