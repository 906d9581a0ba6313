import { ApiProperty } from '@nestjs/swagger';
import type { DormantSuggestion } from './dormant';

export class DormantLatestPostView {
  @ApiProperty({ type: String })
  title: string;

  @ApiProperty({ type: String, nullable: true })
  url: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  publishedAt: string;
}

/** One 僵尸号. */
export class DormantAccountView {
  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, description: '平台代码' })
  platform: string;

  @ApiProperty({ type: String })
  platformName: string;

  @ApiProperty({ type: String, format: 'date-time' })
  openedAt: string;

  @ApiProperty({ type: DormantLatestPostView, nullable: true, description: '最近一条发布；从未发布为 null' })
  latestPost: DormantLatestPostView | null;

  @ApiProperty({ type: 'integer', description: '未更新天数（从未发布的从开设起算）' })
  idleDays: number;

  @ApiProperty({ enum: ['整合', '关停'], description: '本单位另有已开设账号时“整合”，否则“关停”' })
  suggestion: DormantSuggestion;

  @ApiProperty({ type: String })
  suggestionReason: string;
}

/** `GET /api/reports/dormant` */
export class DormantReportView {
  @ApiProperty({ type: 'integer' })
  days: number;

  @ApiProperty({ type: String, format: 'date-time' })
  asOf: string;

  @ApiProperty({ type: 'integer' })
  total: number;

  @ApiProperty({ type: [DormantAccountView] })
  accounts: DormantAccountView[];
}
