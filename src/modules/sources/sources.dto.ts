import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsRegisteredKind } from '../../common/kind-registry';
import { OptionalText, OptionalUrl } from '../../common/validators';
import { sourceKindRegistry } from '../source-kinds/source-kind-registry';

/**
 * PUT /api/accounts/:id/source. Secrets are write-only; omitted ones keep their stored value
 * only while `kind`, `baseUrl`, `appId` and `uid` stay the same: a change clears them unless
 * new ones come in the same request (the answer then says `appSecretSet` / `accessTokenSet`
 * false). An omitted `baseUrl` keeps the stored one; null means the platform's own address.
 */
export class PutSourceDto {
  @ApiProperty({ enum: sourceKindRegistry.kinds() })
  @IsRegisteredKind(sourceKindRegistry)
  kind: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'feed: RSS/Atom/JSON Feed address' })
  @OptionalUrl(2000)
  url?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'replaces the platform API origin (a proxy or the simulator); omitted keeps the stored one, null the official origin; a change clears stored secrets',
  })
  @OptionalUrl(2000)
  baseUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'wechat_api: AppID' })
  @OptionalText(128, { notBlank: true })
  @Matches(/^[\w-]+$/, { message: 'AppID 只能包含字母、数字、下划线和连字符' })
  appId?: string | null;

  @ApiPropertyOptional({ description: 'wechat_api: AppSecret (write-only; cleared when baseUrl or appId changes without a new one)', writeOnly: true })
  @OptionalText(512, { notBlank: true })
  appSecret?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'weibo_api: uid' })
  @OptionalText(64, { notBlank: true })
  @Matches(/^\d+$/, { message: '微博 uid 必须是数字' })
  uid?: string | null;

  @ApiPropertyOptional({ description: 'weibo_api: access_token (write-only; cleared when baseUrl or uid changes without a new one)', writeOnly: true })
  @OptionalText(1000, { notBlank: true })
  accessToken?: string;
}

/** `GET /api/accounts/{id}/source?optional=true`: 204 instead of 404 when no source is set. */
export class GetSourceQuery {
  @ApiPropertyOptional({ enum: ['true'], description: 'true：未配置时答 204 而非 404（未配置是正常状态）/ 204 instead of 404 when none is set' })
  @IsOptional()
  @IsIn(['true'], { message: 'optional 只能为 true' })
  optional?: 'true';
}
