import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_PARTS, ACCOUNT_STATES, AccountPart, AccountState, TRANSITION_ACTIONS, TransitionAction } from './account-state-machine';
import type { Account } from './account.entity';

/** Response schemas of the accounts endpoints (src/common/openapi.ts). */

/** A user named on an account (applicant, certifier); `username` null when the user is gone. */
export class AccountUserView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;
}

/** An account as every accounts endpoint answers it (`GET /api/accounts/{id}`, lists, edits, transitions). */
export class AccountView implements Omit<Account, 'appliedById' | 'deregistrationRequestedById'> {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: String, nullable: true, description: '单位名称 / unit name' })
  unitName: string | null;

  @ApiProperty({ type: String, example: 'wechat', description: '平台代码（GET /api/platforms）/ platform code' })
  platform: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  platformAccountId: string | null;

  @ApiProperty({ type: String, nullable: true })
  homepageUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  operatorName: string | null;

  @ApiProperty({ type: String, nullable: true })
  operatorPhone: string | null;

  @ApiProperty({ type: String, nullable: true })
  purpose: string | null;

  @ApiProperty({ type: String, nullable: true, description: '多账号理由 / why more than one live account on the platform' })
  justification: string | null;

  @ApiProperty({ type: String, nullable: true })
  filingNumber: string | null;

  @ApiProperty({ enum: ACCOUNT_STATES })
  state: AccountState;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  appliedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  approvedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  rejectedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  openedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deregistrationRequestedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deregisteredAt: Date | null;

  @ApiProperty({ type: String, nullable: true, description: '最近一次需要原因的操作所填原因 / the reason given with the latest transition that needed one' })
  lastReason: string | null;

  @ApiProperty({ type: String, nullable: true, description: '认证主体 / the subject the platform certified the account to' })
  certifiedSubject: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '最近一次定期核查 / last re-certification' })
  certifiedAt: Date | null;

  @ApiProperty({ type: 'integer', nullable: true })
  certifiedById: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: '负责人对应的用户 / the user behind operatorName' })
  operatorUserId: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  @ApiProperty({ type: AccountUserView, nullable: true, description: '申请人 / applicant' })
  appliedBy: AccountUserView | null;

  @ApiProperty({ type: AccountUserView, nullable: true, description: '注销申请人（注销申请中时）/ who requested the deregistration under way' })
  deregistrationRequestedBy: AccountUserView | null;

  @ApiProperty({ type: AccountUserView, nullable: true, description: '最近一次核查人 / who last confirmed the facts' })
  certifiedBy: AccountUserView | null;

  @ApiProperty({ enum: TRANSITION_ACTIONS, isArray: true, description: '当前用户现在可执行的操作 / actions the caller may take now' })
  allowedActions: TransitionAction[];

  @ApiProperty({
    enum: ACCOUNT_PARTS,
    isArray: true,
    description: '当前状态下可修改的部分（details 账号信息、columns 栏目、source 采集来源、posts 发布记录、recertify 定期核查）；其余只读 / what the state allows changing',
  })
  changeableParts: AccountPart[];
}

/** Who made a change in an account's history. */
export class HistoryActorView {
  @ApiProperty({ type: 'integer', nullable: true })
  id: number | null;

  @ApiProperty({ type: String, nullable: true })
  username: string | null;
}

/** One entry of `GET /api/accounts/{id}/history`, oldest first. */
export class HistoryEntryView {
  @ApiProperty({ type: String, format: 'date-time', description: '生效时间 / when the event took effect' })
  at: Date;

  @ApiProperty({ type: String, format: 'date-time', description: '记录时间 / when it was written down' })
  recordedAt: Date;

  @ApiProperty({ type: HistoryActorView, nullable: true, description: '系统操作为 null / null for system work' })
  actor: HistoryActorView | null;

  @ApiProperty({ type: String, example: 'approve', description: 'create、update、import、approve、open、recertify、posts_import、source_update…' })
  action: string;

  // Only account lifecycle states are written for an account (the audit row's column is plain text).
  @ApiProperty({ enum: ACCOUNT_STATES, nullable: true })
  fromState: string | null;

  @ApiProperty({ enum: ACCOUNT_STATES, nullable: true })
  toState: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: '{字段：{from, to}} 或其他结构化详情 / field changes or other detail' })
  changes: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, description: '客户端地址；系统操作为 null / client address, null for system work' })
  clientIp: string | null;
}

/** Accounts per state on the 总览 page; a state without accounts is absent. */
export class AccountsByStateView implements Partial<Record<AccountState, number>> {
  @ApiPropertyOptional({ type: 'integer' })
  applied?: number;

  @ApiPropertyOptional({ type: 'integer' })
  approved?: number;

  @ApiPropertyOptional({ type: 'integer' })
  rejected?: number;

  @ApiPropertyOptional({ type: 'integer' })
  opened?: number;

  @ApiPropertyOptional({ type: 'integer' })
  deregistration_requested?: number;

  @ApiPropertyOptional({ type: 'integer' })
  deregistered?: number;
}

/** A unit named by the overview. */
export class OverviewUnitView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ type: String })
  name: string;
}

/** A unit's accounts in a live state (applied, approved, opened, deregistration requested). */
export class UnitLiveAccountsView {
  @ApiProperty({ type: 'integer' })
  unitId: number;

  @ApiProperty({ type: 'integer' })
  count: number;
}

/** `GET /api/overview`: counts within the caller's unit scope. */
export class OverviewView {
  @ApiProperty({ type: AccountsByStateView })
  accountsByState: AccountsByStateView;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: '在用账号按平台代码计数 / live accounts per platform code' })
  accountsByPlatform: Record<string, number>;

  @ApiProperty({ type: 'integer', description: '待审批 / applications awaiting review' })
  pendingReview: number;

  @ApiProperty({ type: [OverviewUnitView], description: '没有在用账号的在用单位 / active units without a live account' })
  unitsWithoutAccount: OverviewUnitView[];

  @ApiProperty({ type: [UnitLiveAccountsView], description: '各单位在用账号数（单位列表的账号数），没有的单位不列 / live accounts per unit, units without any left out' })
  liveAccountsByUnit: UnitLiveAccountsView[];
}

/** `POST /api/accounts/import`: every row was imported (otherwise 400 with the row errors). */
export class LedgerImportResultView {
  @ApiProperty({ type: 'integer' })
  imported: number;
}
