import { ApiProperty } from '@nestjs/swagger';
import type { PlatformListEntry } from './platform-definition';
import type { PlatformIconFace } from './platform-icon';

/** A platform's mark: a badge of this colour with these characters on it. */
export class PlatformIconView implements PlatformIconFace {
  @ApiProperty({ type: String, example: '#E6162D', description: '背景颜色 #RRGGBB' })
  color: string;

  @ApiProperty({ type: String, example: '微', description: '图标上的 1–2 个字' })
  glyph: string;

  @ApiProperty({ type: String, example: '#FFFFFF', description: '文字颜色（按背景深浅取白色或深色）' })
  textColor: string;
}

/** One entry of `GET /api/platforms` (for the OpenAPI document). */
export class PlatformView implements PlatformListEntry {
  @ApiProperty({ type: String, example: 'weibo', description: '平台代码，^[a-z][a-z0-9_]{1,31}$' })
  code: string;

  @ApiProperty({ type: String, example: '微博' })
  name: string;

  @ApiProperty({ type: Boolean, description: '内置平台（管理员自定义的平台为 false）' })
  builtIn: boolean;

  @ApiProperty({ type: [String], description: '识别该平台账号网址的正则表达式（不含协议头，不区分大小写）' })
  urlPatterns: string[];

  @ApiProperty({ type: [String], example: ['feed', 'weibo_api', 'manual'], description: '适用的采集方式（采集方式代码，见 PUT /api/accounts/{id}/source 的 kind）' })
  sourceKinds: string[];

  @ApiProperty({ type: PlatformIconView, description: '平台图标（颜色与文字），各页面显示平台时使用' })
  icon: PlatformIconView;

  @ApiProperty({ type: String, nullable: true, example: '微博 UID（10 位左右数字，如 1234567890）', description: '账号表单“账号ID”的填写提示' })
  idHint: string | null;

  @ApiProperty({ type: String, nullable: true, example: '如 https://weibo.com/u/1234567890', description: '账号表单“主页链接”的填写提示' })
  homepageHint: string | null;
}
