import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_STATES, AccountState } from '../accounts/account-state-machine';
import type { AccountView } from '../accounts/accounts.service';
import { CycleView, RECERT_STATUSES, RecertStatus } from './recertification-cycle';
import { CONTACT_SOURCES, HANDOVER_REASONS, HandoverReason } from './recertification.entities';

/** A user named by id, with the username when the user still exists. */
export class UserRefView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;
}

/** Who recorded something: the user's id (null for records without one) and name as recorded. */
export class RecordedByView {
  @ApiProperty({ type: 'integer', nullable: true })
  id: number | null;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;
}

/** 交接: the account's named operator was disabled or moved; open until a new operator is recorded. */
export class HandoverFlagView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: 'integer' })
  userId: number;

  @ApiProperty({ type: String })
  userName: string;

  @ApiProperty({ enum: HANDOVER_REASONS, description: 'user_disabled 已停用 / user_moved 已调离' })
  reason: HandoverReason;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  flaggedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  clearedAt: Date | null;

  @ApiProperty({ type: String, nullable: true })
  clearedBy: string | null;
}

/** One row of 待核查: an opened account with its cycle and open handover flags. */
export class RecertificationItemView implements CycleView {
  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String })
  platform: string;

  @ApiProperty({ enum: ACCOUNT_STATES })
  state: AccountState;

  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String, nullable: true })
  unitName: string | null;

  @ApiProperty({ type: String, nullable: true })
  platformAccountId: string | null;

  @ApiProperty({ type: String, nullable: true })
  homepageUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  certifiedSubject: string | null;

  @ApiProperty({ type: String, nullable: true })
  operatorName: string | null;

  @ApiProperty({ type: String, nullable: true })
  operatorPhone: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  certifiedAt: Date | null;

  @ApiProperty({ type: UserRefView, nullable: true })
  certifiedBy: UserRefView | null;

  @ApiProperty({ type: String, format: 'date-time', description: '周期起算时刻 / the instant the cycle counts from' })
  baseAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: Date;

  @ApiProperty({ enum: RECERT_STATUSES, description: 'ok 未到期 / due 即将到期 / overdue 已逾期' })
  status: RecertStatus;

  @ApiProperty({ type: 'integer', description: '距到期天数，逾期为负 / whole days left, negative once overdue' })
  daysLeft: number;

  @ApiProperty({ type: [HandoverFlagView] })
  handoverFlags: HandoverFlagView[];
}

/** One confirmation of an account's facts. */
export class CertificationView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String, format: 'date-time' })
  certifiedAt: Date;

  @ApiProperty({ type: RecordedByView })
  certifiedBy: RecordedByView;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '本次核查对应的到期时间 / the due date it answered' })
  dueAt: Date | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '{account: {字段：{from, to}}，columns: {created, updated, deleted}}；无改动为 null' })
  changes: Record<string, unknown> | null;
}

/** GET /api/accounts/:id/recertification: the account's cycle (null unless opened), open flags, recent confirmations. */
export class RecertificationStatusView {
  @ApiProperty({ type: 'integer' })
  accountId: number;

  @ApiProperty({ enum: ACCOUNT_STATES })
  state: AccountState;

  @ApiProperty({ type: String, nullable: true })
  certifiedSubject: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  certifiedAt: Date | null;

  @ApiProperty({ type: UserRefView, nullable: true })
  certifiedBy: UserRefView | null;

  @ApiProperty({ type: 'integer', description: 'RECERTIFY_DAYS' })
  cycleDays: number;

  @ApiProperty({ type: 'integer', description: 'RECERTIFY_REMIND_DAYS' })
  remindDays: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  baseAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: Date | null;

  @ApiProperty({ enum: RECERT_STATUSES, nullable: true })
  status: RecertStatus | null;

  @ApiProperty({ type: 'integer', nullable: true })
  daysLeft: number | null;

  @ApiProperty({ type: [HandoverFlagView] })
  handoverFlags: HandoverFlagView[];

  @ApiProperty({ type: [CertificationView], description: '最近 20 次，新的在前 / the latest 20, newest first' })
  certifications: CertificationView[];
}

/** POST /api/accounts/:id/recertify: the account after the corrections, and its new cycle. */
export class RecertifyResultView {
  // The account's own schema belongs to the accounts module (its answer to GET /api/accounts/{id}).
  @ApiProperty({ type: 'object', additionalProperties: true, description: '与 GET /api/accounts/{id} 相同的账号 / the account, as GET /api/accounts/{id} answers it' })
  account: AccountView;

  @ApiProperty({ type: RecertificationStatusView })
  recertification: RecertificationStatusView;
}

/** One period in which the account named one operator; the open one has `validTo` null. */
export class ContactView {
  @ApiProperty({ type: 'integer', nullable: true, description: '从未变更时为 null（账号当前登记的负责人）/ null when never changed' })
  id: number | null;

  @ApiProperty({ type: String, nullable: true })
  operatorName: string | null;

  @ApiProperty({ type: String, nullable: true })
  operatorPhone: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  operatorUserId: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  validFrom: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  validTo: Date | null;

  @ApiProperty({ enum: CONTACT_SOURCES })
  source: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  recordedAt: Date | null;

  @ApiProperty({ type: RecordedByView, nullable: true })
  recordedBy: RecordedByView | null;
}
