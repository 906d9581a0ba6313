import { ApiProperty } from '@nestjs/swagger';

/** Response schema of `GET /api/reports/overview-charts` (总览 charts). */

/** A unit's posts in the quarter against the target that applies to it. */
export class OverviewUnitPostsView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: 'integer', description: '发布 / own posts' })
  posts: number;

  @ApiProperty({ type: 'integer', description: '转发 / reposts' })
  reposts: number;

  @ApiProperty({ type: 'integer', nullable: true, description: '发布任务；本季度没有适用的任务时为 null / null: no target applies' })
  targetPosts: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: '转发任务 / repost target' })
  targetReposts: number | null;
}

/** One calendar week (Monday–Sunday, Beijing time) of the quarter, clipped to it. */
export class OverviewWeekView {
  @ApiProperty({ type: String, format: 'date-time' })
  start: string;

  @ApiProperty({ type: String, format: 'date-time', description: '不含 / exclusive' })
  end: string;

  @ApiProperty({ type: 'integer', description: '本周发布数 / own posts in the week' })
  posts: number;

  @ApiProperty({ type: 'integer', description: '本周转发数 / reposts in the week' })
  reposts: number;

  @ApiProperty({
    type: 'integer',
    description:
      '周末（本周未完时为当前）无法访问的栏目数，按当时最近一次链接检查 / broken columns at the end of the week (now for the running week), by the latest link check then',
  })
  brokenColumns: number;
}

/** Open accounts and posts on one platform (code; the names come from GET /api/platforms). */
export class OverviewPlatformView {
  @ApiProperty({ type: String, description: '平台代码 / platform code' })
  platform: string;

  @ApiProperty({ type: 'integer', description: '期末开设中的账号数 / accounts open at the end of the period' })
  openAccounts: number;

  @ApiProperty({ type: 'integer', description: '本季度发布数 / own posts in the quarter' })
  posts: number;
}

export class OverviewChartsView {
  @ApiProperty({ type: String, example: '2023Q3' })
  quarter: string;

  @ApiProperty({ type: String, format: 'date-time' })
  from: string;

  @ApiProperty({ type: String, format: 'date-time', description: '不含 / exclusive' })
  to: string;

  @ApiProperty({ type: String, format: 'date-time', description: '统计截至（本季度为当前时刻）/ figures as of (now for the current quarter)' })
  asOf: string;

  @ApiProperty({ type: [OverviewUnitPostsView], description: '与季度通报相同的单位，按单位编码排序；信息员只含本单位 / the report’s units; an operator gets their own' })
  units: OverviewUnitPostsView[];

  @ApiProperty({ type: [OverviewWeekView], description: '已开始的各周 / the weeks begun so far' })
  weeks: OverviewWeekView[];

  @ApiProperty({ type: [OverviewPlatformView], description: '按开设账号数倒序，两项皆为 0 的平台不列 / by open accounts, descending' })
  platforms: OverviewPlatformView[];
}
