import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsRegisteredKind } from '../../common/kind-registry';
import { NoControlChars, NotBlank } from '../../common/validators';
import type { ChannelKind } from './alert-channel.entity';
import { ALERT_KINDS, AlertKind } from './alert.entity';
import { channelRegistry } from './channels/channel-registry';

export class CreateAlertChannelDto {
  @ApiProperty({ example: '政务公开办企业微信群' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: channelRegistry.kinds() })
  @IsRegisteredKind(channelRegistry)
  kind: ChannelKind;

  @ApiProperty({ description: 'webhook/机器人地址（http/https）；email 为收件人，多个用逗号分隔' })
  @IsString()
  @NotBlank()
  @NoControlChars()
  @MaxLength(2000)
  target: string;

  @ApiPropertyOptional({ description: '签名密钥（钉钉加签、飞书签名校验、webhook HMAC）；只写不读' })
  @IsOptional()
  @IsString()
  @NoControlChars()
  @MaxLength(500)
  secret?: string;

  @ApiPropertyOptional({ enum: ALERT_KINDS, isArray: true, description: '只接收这些类型的告警；不填为全部' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(ALERT_KINDS, { each: true })
  kinds?: AlertKind[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
