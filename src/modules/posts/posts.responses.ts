import { ApiProperty } from '@nestjs/swagger';
import { sourceKindRegistry } from '../source-kinds/source-kind-registry';
import type { PostOrigin } from './post.entity';
import { STATS_GROUPS, StatsGroup } from './posts.dto';

/** Response schemas of the posts endpoints (src/common/openapi.ts). */

/** A post (发布) or repost (转发) as `GET /api/posts` lists it. */
export class PostView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: String, description: '平台上的编号（或由链接、标题生成）/ the id on the platform (or derived)' })
  platformPostId: string;

  @ApiProperty({ type: String })
  title: string;

  @ApiProperty({ type: String, nullable: true })
  url: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  publishedAt: Date;

  @ApiProperty({ type: Boolean, description: '转发 / a repost' })
  isRepost: boolean;

  @ApiProperty({ type: String, nullable: true, description: '转发来源链接 / the reposted original' })
  sourceUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  sourceName: string | null;

  @ApiProperty({ enum: sourceKindRegistry.kinds(), description: '采集方式；manual 为导入 / how it was collected (manual: imported)' })
  origin: PostOrigin;

  @ApiProperty({
    type: String,
    nullable: true,
    description: '正文纯文本（最多 20000 字；身份证号、手机号、银行卡号已脱敏）/ the plain-text body, capped; personal numbers shown masked',
  })
  body: string | null;

  @ApiProperty({ type: Boolean, description: '正文超过上限已截断 / the body was cut at the cap' })
  bodyTruncated: boolean;
}

export class PostCountsView {
  @ApiProperty({ type: 'integer', description: '发布 / own posts' })
  posts: number;

  @ApiProperty({ type: 'integer', description: '转发 / reposts' })
  reposts: number;
}

/** One row of the statistics: a unit, an account or a platform. */
export class PostStatsItemView extends PostCountsView {
  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    description: '单位或账号编号；按平台分组时为平台代码 / unit or account id; the platform code when grouped by platform',
  })
  id: number | string;

  @ApiProperty({ type: String })
  name: string;
}

/** `GET /api/stats/posts`: posts and reposts of a quarter per unit, account or platform. */
export class PostStatsView {
  @ApiProperty({ type: String, example: '2023Q3' })
  quarter: string;

  @ApiProperty({ enum: STATS_GROUPS })
  groupBy: StatsGroup;

  @ApiProperty({ type: String, format: 'date-time', description: '季度开始（含）/ start of the quarter, inclusive' })
  from: string;

  @ApiProperty({ type: String, format: 'date-time', description: '季度结束（不含）/ end of the quarter, exclusive' })
  to: string;

  @ApiProperty({ type: PostCountsView })
  totals: PostCountsView;

  @ApiProperty({ type: [PostStatsItemView] })
  items: PostStatsItemView[];
}

/** `POST /api/accounts/{id}/posts/import`: all rows stored (duplicates skipped); otherwise 400. */
export class PostImportResultView {
  @ApiProperty({ type: 'integer', description: '新增 / stored' })
  imported: number;

  @ApiProperty({ type: 'integer', description: '已存在而跳过 / already stored, skipped' })
  skipped: number;
}
