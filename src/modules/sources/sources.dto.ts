import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsHttpUrl, NoControlChars, NotBlank } from '../../common/validators';
import { SOURCE_KINDS, SourceKind } from '../polling/adapters/types';

function OptionalText(maxLength: number): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsOptional()(target, key);
    ValidateIf((_o, v) => v !== null)(target, key);
    IsString()(target, key);
    NotBlank()(target, key);
    NoControlChars()(target, key);
    MaxLength(maxLength)(target, key);
  };
}

function OptionalUrl(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsOptional()(target, key);
    ValidateIf((_o, v) => v !== null)(target, key);
    IsHttpUrl()(target, key);
    MaxLength(2000)(target, key);
  };
}

/** PUT /api/accounts/:id/source. Secrets are write-only; omitted ones keep their stored value. */
export class PutSourceDto {
  @ApiProperty({ enum: SOURCE_KINDS })
  @IsIn(SOURCE_KINDS)
  kind: SourceKind;

  @ApiPropertyOptional({ description: 'feed: RSS/Atom/JSON Feed address' })
  @OptionalUrl()
  url?: string | null;

  @ApiPropertyOptional({ description: 'replaces the platform API origin (a proxy or the simulator)' })
  @OptionalUrl()
  baseUrl?: string | null;

  @ApiPropertyOptional({ description: 'wechat_api: AppID' })
  @OptionalText(128)
  @Matches(/^[\w-]+$/, { message: 'AppID 只能包含字母、数字、下划线和连字符' })
  appId?: string | null;

  @ApiPropertyOptional({ description: 'wechat_api: AppSecret (write-only)', writeOnly: true })
  @OptionalText(512)
  appSecret?: string;

  @ApiPropertyOptional({ description: 'weibo_api: uid' })
  @OptionalText(64)
  @Matches(/^\d+$/, { message: '微博 uid 必须是数字' })
  uid?: string | null;

  @ApiPropertyOptional({ description: 'weibo_api: access_token (write-only)', writeOnly: true })
  @OptionalText(1000)
  accessToken?: string;
}
