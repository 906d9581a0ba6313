import { ApiProperty } from '@nestjs/swagger';
import type { PlatformListEntry } from './platform-definition';

/** One entry of `GET /api/platforms` (for the OpenAPI document). */
export class PlatformView implements PlatformListEntry {
  @ApiProperty({ type: String, example: 'weibo', description: '平台代码,^[a-z][a-z0-9_]{1,31}$' })
  code: string;

  @ApiProperty({ type: String, example: '微博' })
  name: string;

  @ApiProperty({ type: Boolean, description: '内置平台(管理员自定义的平台为 false)' })
  builtIn: boolean;

  @ApiProperty({ type: [String], description: '识别该平台账号网址的正则表达式(不含协议头,不区分大小写)' })
  urlPatterns: string[];

  @ApiProperty({ type: [String], example: ['feed', 'weibo_api', 'manual'], description: '适用的采集方式(采集方式代码,见 PUT /api/accounts/{id}/source 的 kind)' })
  sourceKinds: string[];
}
