import { ApiProperty } from '@nestjs/swagger';
import { RECTIFICATION_SOURCES, RectificationSource } from './rectification.entity';
import { RECTIFICATION_ACTIONS, RECTIFICATION_STATUSES, RectificationAction, RectificationStatus } from './rectification-state-machine';

/** A rectification work order (整改通知); `overdue` is computed at the time of the answer. */
export class RectificationView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: 'integer', nullable: true })
  accountId: number | null;

  @ApiProperty({ type: String, nullable: true })
  accountName: string | null;

  @ApiProperty({ type: String, nullable: true, description: '账号所在平台代码 / platform code of the account' })
  platform: string | null;

  @ApiProperty({ type: String })
  title: string;

  @ApiProperty({ type: String })
  problem: string;

  @ApiProperty({ enum: RECTIFICATION_SOURCES, description: 'manual 手工 / finding 违规与风险 / inspection 检查评分 / provincial 省平台' })
  source: RectificationSource;

  @ApiProperty({ type: String, nullable: true })
  sourceRef: string | null;

  @ApiProperty({ enum: RECTIFICATION_STATUSES, description: 'issued 待整改 / responded 待核验 / closed 已办结' })
  status: RectificationStatus;

  @ApiProperty({ type: Boolean, description: '未办结且已过整改期限 / not closed after dueAt' })
  overdue: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '发现时间 / when the problem was found' })
  foundAt: Date | null;

  @ApiProperty({ type: 'integer', nullable: true })
  issuedById: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  respondedAt: Date | null;

  @ApiProperty({ type: 'integer', nullable: true })
  respondedById: number | null;

  @ApiProperty({ type: String, nullable: true })
  responseText: string | null;

  @ApiProperty({ type: [String] })
  evidenceUrls: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  verifiedAt: Date | null;

  @ApiProperty({ type: 'integer', nullable: true })
  verifiedById: number | null;

  @ApiProperty({ type: String, nullable: true })
  verifyNote: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: Date | null;
}

export class RectificationHistoryView {
  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;

  @ApiProperty({ type: String, nullable: true, description: '操作人用户名 / username' })
  actor: string | null;

  @ApiProperty({ enum: RECTIFICATION_ACTIONS, description: 'issue 下发 / respond 反馈 / accept 核验通过 / return 退回' })
  action: RectificationAction;

  @ApiProperty({ type: String, nullable: true })
  actionLabel: string;

  @ApiProperty({ enum: RECTIFICATION_STATUSES, nullable: true })
  fromStatus: RectificationStatus | null;

  @ApiProperty({ enum: RECTIFICATION_STATUSES })
  toStatus: RectificationStatus;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: [String] })
  evidenceUrls: string[];
}

export class RectificationDetailView extends RectificationView {
  @ApiProperty({ type: [RectificationHistoryView] })
  history: RectificationHistoryView[];
}

export class RectificationUnitCountsView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String })
  unitName: string;

  @ApiProperty({ type: 'integer' })
  total: number;

  @ApiProperty({ type: 'integer', description: '待整改' })
  issued: number;

  @ApiProperty({ type: 'integer', description: '待核验' })
  responded: number;

  @ApiProperty({ type: 'integer', description: '已办结' })
  closed: number;

  @ApiProperty({ type: 'integer', description: '逾期未办结' })
  overdue: number;
}

/** Counts of the orders the actor may see (operators: their unit only — 我的整改). */
export class RectificationSummaryView {
  @ApiProperty({ type: 'integer' })
  total: number;

  @ApiProperty({ type: 'integer' })
  issued: number;

  @ApiProperty({ type: 'integer' })
  responded: number;

  @ApiProperty({ type: 'integer' })
  closed: number;

  @ApiProperty({ type: 'integer' })
  overdue: number;

  @ApiProperty({ type: [RectificationUnitCountsView] })
  byUnit: RectificationUnitCountsView[];
}

export class RectificationImportResultView {
  @ApiProperty({ type: 'integer' })
  imported: number;
}

export class RoundRectificationsView {
  @ApiProperty({ type: 'integer', description: '本次新建的整改通知数' })
  created: number;

  @ApiProperty({ type: 'integer', description: '此前已建、本次未重复创建的数量' })
  existing: number;

  @ApiProperty({ type: [RectificationView], description: '本次新建的整改通知' })
  items: RectificationView[];
}
