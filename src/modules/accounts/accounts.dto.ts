import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsHttpUrl, NoControlChars, NotBlank, NotInFuture, OptionalText, OptionalUrl, ParsableTime, QueryInt } from '../../common/validators';
import { ACCOUNT_STATES, AccountState, TRANSITION_ACTIONS, TransitionAction } from './account-state-machine';
import { IsPlatform } from '../platforms/is-platform';
import { Platform } from './account.entity';

function OptionalPastTime(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsOptional()(target, key);
    IsISO8601({ strict: true, strictSeparator: true })(target, key);
    ParsableTime()(target, key);
    NotInFuture()(target, key);
  };
}

export class CreateAccountDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  unitId: number;

  @ApiProperty({ type: String, example: 'wechat', description: '平台代码（GET /api/platforms）' })
  @IsPlatform()
  platform: Platform;

  @ApiProperty({ example: '凤翔发布' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ description: '平台账号ID（微信原始ID/微博UID等）' })
  @OptionalText(128)
  platformAccountId?: string;

  @ApiPropertyOptional({ description: '账号主页链接 http(s)' })
  @OptionalUrl()
  homepageUrl?: string;

  @ApiPropertyOptional()
  @OptionalText(50)
  operatorName?: string;

  @ApiPropertyOptional()
  @OptionalText(30)
  operatorPhone?: string;

  @ApiPropertyOptional()
  @OptionalText(500)
  purpose?: string;

  @ApiPropertyOptional({ description: '同一平台已有在用账号时，再开设的理由' })
  @OptionalText(500)
  justification?: string;

  @ApiPropertyOptional({ description: '补录时的申请时间（ISO 8601，不能晚于现在）' })
  @OptionalPastTime()
  appliedAt?: string;
}

export class UpdateAccountDto {
  @ApiPropertyOptional({ description: '迁移到另一单位（机构撤并后），仅审核员与管理员' })
  // null is not "leave unchanged": an account always has a unit and a name.
  @ValidateIf((_o, v) => v !== undefined)
  @IsInt()
  @Min(1)
  unitId?: number;

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

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(50)
  operatorName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(30)
  operatorPhone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(500)
  purpose?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(500)
  justification?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(64)
  filingNumber?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '认证主体（平台认证的主体名称）' })
  @OptionalText(200)
  certifiedSubject?: string | null;
}

export class TransitionDto {
  @ApiProperty({ enum: TRANSITION_ACTIONS })
  @IsIn(TRANSITION_ACTIONS)
  action: TransitionAction;

  @ApiPropertyOptional({ description: 'reject 与 request_deregistration 必填' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ description: '生效时间（默认现在；可补录过去的时间，不能晚于现在）' })
  @OptionalPastTime()
  at?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(128)
  platformAccountId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsHttpUrl()
  @MaxLength(1000)
  homepageUrl?: string;

  @ApiPropertyOptional({ description: '备案号' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(64)
  filingNumber?: string;
}

export class ListAccountsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: '平台代码（GET /api/platforms）' })
  @IsOptional()
  @IsPlatform()
  platform?: Platform;

  @ApiPropertyOptional({ enum: ACCOUNT_STATES })
  @IsOptional()
  @IsIn(ACCOUNT_STATES)
  state?: AccountState;

  @ApiPropertyOptional({ description: '按账号名称、平台账号ID或负责人搜索' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export const LEDGER_EXPORT_FORMATS = ['xlsx', 'csv'] as const;

/** `GET /api/accounts/export`: the filters of the account list, and the file format. */
export class ExportLedgerQuery extends PickType(ListAccountsQuery, ['unitId', 'platform', 'state'] as const) {
  @ApiPropertyOptional({ enum: LEDGER_EXPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(LEDGER_EXPORT_FORMATS, { message: '导出格式应为 xlsx 或 csv' })
  format?: (typeof LEDGER_EXPORT_FORMATS)[number];
}
