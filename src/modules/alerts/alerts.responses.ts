import { ApiProperty } from '@nestjs/swagger';
import { Alert, ALERT_KINDS, ALERT_STATUSES, AlertKind, AlertStatus } from './alert.entity';

/** An alert (告警) as GET /api/alerts lists it: the stored row without its internal open key. */
export class AlertView implements Omit<Pick<Alert, keyof Alert>, 'openKey'> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: ALERT_KINDS })
  kind: AlertKind;

  @ApiProperty({ enum: ALERT_STATUSES })
  status: AlertStatus;

  @ApiProperty({ type: String, description: '对象类型,如 column、account、finding / subject type' })
  subjectType: string;

  @ApiProperty({ type: String, description: '对象编号(字符串)/ subject id, as a string' })
  subjectId: string;

  @ApiProperty({ type: 'integer', nullable: true })
  unitId: number | null;

  @ApiProperty({ type: String })
  message: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '随告警类型而定的详情 / kind-specific details' })
  details: Record<string, unknown> | null;

  @ApiProperty({ type: String, format: 'date-time' })
  openedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastNotifiedAt: Date | null;
}
