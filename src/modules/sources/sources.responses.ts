import { ApiProperty } from '@nestjs/swagger';
import type { SourceErrorKind } from '../source-kinds/post-source';
import { sourceKindRegistry } from '../source-kinds/source-kind-registry';

const ERROR_KINDS = Object.keys({ transient: 1, config: 1, rate_limited: 1, quota: 1 } satisfies Record<SourceErrorKind, 1>);

/** An account's source settings and polling state; secrets appear only as "set". */
export class SourceView {
  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ enum: sourceKindRegistry.kinds() })
  kind: string;

  @ApiProperty({ type: String, nullable: true, description: 'feed 的订阅地址 / the feed URL' })
  url: string | null;

  @ApiProperty({ type: String, nullable: true, description: '接口地址；null 为平台官方地址 / API base URL; null = the platform’s own' })
  baseUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  appId: string | null;

  @ApiProperty({ type: String, nullable: true })
  uid: string | null;

  @ApiProperty({ type: Boolean })
  appSecretSet: boolean;

  @ApiProperty({ type: Boolean })
  accessTokenSet: boolean;

  @ApiProperty({ type: 'integer' })
  consecutiveFailures: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastPolledAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSuccessAt: Date | null;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ enum: ERROR_KINDS, nullable: true })
  lastErrorKind: SourceErrorKind | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextPollAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  pausedUntil: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}
