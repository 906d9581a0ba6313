import { ApiProperty } from '@nestjs/swagger';
import type { TargetValue } from './report.types';

/** Response schemas of `GET/PUT/DELETE /api/targets` (发布任务). */

/** A quarter's target (发布任务): posts and reposts to reach. */
export class TargetValueView implements TargetValue {
  @ApiProperty({ type: 'integer', description: '发布 / own posts' })
  posts: number;

  @ApiProperty({ type: 'integer', description: '转发 / reposts' })
  reposts: number;
}

/** The default target of every unit, with who set it last. */
export class DefaultTargetView extends TargetValueView {
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  @ApiProperty({ type: String, nullable: true, description: '用户名 / username' })
  updatedBy: string | null;
}

/** A unit's own target, overriding the default. */
export class UnitTargetView extends DefaultTargetView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: String, nullable: true })
  unitCode: string | null;
}

/** `GET/PUT/DELETE /api/targets`: the quarter's targets (an operator sees the default and their unit's). */
export class TargetsView {
  @ApiProperty({ type: String, example: '2023Q3' })
  quarter: string;

  @ApiProperty({ type: DefaultTargetView, nullable: true, description: '未设置默认任务时为 null / null when no default is set' })
  default: DefaultTargetView | null;

  @ApiProperty({ type: [UnitTargetView], description: '按单位编码、名称排序 / by unit code, then name' })
  units: UnitTargetView[];
}
