import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/openapi';
import { LINK_HEALTHS, LinkHealth, REASON_LABELS } from './link-health-vocabulary';
import { AccountColumn } from './column.entity';

/** Why the last check ended as it did (link-health/engine/types.ts `ReasonCode`). */
export const REASON_CODES = Object.keys(REASON_LABELS);

/** A column (栏目) with its account and unit, as every columns endpoint answers it. */
export class ColumnView implements Pick<AccountColumn, keyof AccountColumn> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String })
  url: string;

  @ApiProperty({ enum: LINK_HEALTHS, description: 'unknown 未检测 / ok 正常 / broken 无法访问 / unverifiable 无法判断' })
  health: LinkHealth;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastCheckedAt: Date | null;

  @ApiProperty({ type: 'integer', nullable: true })
  lastHttpStatus: number | null;

  @ApiProperty({ enum: REASON_CODES, nullable: true })
  lastReason: string | null;

  @ApiProperty({ type: String, nullable: true })
  lastFinalUrl: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  brokenSince: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  @ApiProperty({ type: String, nullable: true })
  accountName: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  unitId: number | null;

  @ApiProperty({ type: String, nullable: true })
  unitName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'lastReason 的中文说明 / lastReason in words' })
  lastReasonText: string | null;
}

/** How many columns have each link health (the health filter aside). */
export class ColumnHealthCountsView implements Record<LinkHealth, number> {
  @ApiProperty({ type: 'integer', description: '正常 / ok' })
  ok: number;

  @ApiProperty({ type: 'integer', description: '失效 / broken' })
  broken: number;

  @ApiProperty({ type: 'integer', description: '无法判断 / unverifiable' })
  unverifiable: number;

  @ApiProperty({ type: 'integer', description: '未检查 / not checked yet' })
  unknown: number;
}

/** GET /api/columns: a page of columns and the count per link health, so broken ones are not buried. */
export class ColumnListPage extends PageOf(ColumnView) {
  @ApiProperty({
    type: ColumnHealthCountsView,
    description: '按链接状态计数（同单位、同账号，不受 health 筛选影响）/ per link health under the same unit and account, whatever health is chosen',
  })
  healthCounts: ColumnHealthCountsView;
}
