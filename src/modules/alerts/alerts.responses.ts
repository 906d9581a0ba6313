import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/openapi';
import { Alert, ALERT_KINDS, ALERT_STATUSES, AlertKind, AlertStatus } from './alert.entity';

/** An alert (告警) as GET /api/alerts lists it: the stored row without its internal open key. */
export class AlertView implements Omit<Pick<Alert, keyof Alert>, 'openKey'> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ enum: ALERT_KINDS })
  kind: AlertKind;

  @ApiProperty({ enum: ALERT_STATUSES })
  status: AlertStatus;

  @ApiProperty({ type: String, description: '对象类型，如 column、account、finding / subject type' })
  subjectType: string;

  @ApiProperty({ type: String, description: '对象编号（字符串）/ subject id, as a string' })
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

/** An alert in the list: with the account it concerns, for grouping per account. */
export class AlertListItemView extends AlertView {
  @ApiProperty({ type: 'integer', nullable: true, description: '所涉账号（对象为账号，或详情中的账号）/ the account concerned, if any' })
  accountId: number | null;

  @ApiProperty({ type: String, nullable: true, description: '所涉账号名称 / the name of that account' })
  accountName: string | null;
}

/** How many alerts of one kind match the status and unit filters. */
export class AlertKindCountView {
  @ApiProperty({ enum: ALERT_KINDS })
  kind: AlertKind;

  @ApiProperty({ type: 'integer' })
  count: number;
}

/** GET /api/alerts: a page of alerts and the count per kind (the kind filter aside), so few alerts of a kind are not buried. */
export class AlertListPage extends PageOf(AlertListItemView) {
  @ApiProperty({
    type: [AlertKindCountView],
    description: '按类型计数（同状态、同单位，不受 kind 筛选影响；无告警的类型不列出）/ count per kind under the same status and unit, whatever kind is chosen',
  })
  kindCounts: AlertKindCountView[];
}
