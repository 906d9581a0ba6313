import { ApiProperty } from '@nestjs/swagger';
import { Unit, UNIT_KINDS, UNIT_STATUSES, UnitKind, UnitStatus } from './unit.entity';

/** A unit (单位) as every units endpoint answers it: the stored row. */
export class UnitView implements Pick<Unit, keyof Unit> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ enum: UNIT_KINDS, description: 'town 镇 / department 部门 / committee 管委会 / other 其他' })
  kind: UnitKind;

  @ApiProperty({ type: String, nullable: true, description: '单位编码 / unit code' })
  code: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  parentId: number | null;

  @ApiProperty({ type: String, nullable: true })
  contactName: string | null;

  @ApiProperty({ type: String, nullable: true })
  contactPhone: string | null;

  @ApiProperty({ enum: UNIT_STATUSES })
  status: UnitStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  abolishedAt: Date | null;

  @ApiProperty({ type: String, nullable: true })
  abolishReason: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: '承接单位 / successor unit' })
  successorUnitId: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}
