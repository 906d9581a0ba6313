import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { AuditService, diffFields } from '../audit/audit.service';
import { platformRegistry } from '../platforms/platform-registry';
import { Unit } from '../units/unit.entity';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import {
  ACTION_LABELS,
  AccountPart,
  AccountState,
  LIVE_STATES,
  PARTS_BY_STATE,
  STATE_LABELS,
  allowedActions,
  isRefusal,
  partRefusal,
  planTransition,
} from './account-state-machine';
import { Account, Platform } from './account.entity';
import { CreateAccountDto, ListAccountsQuery, TransitionDto, UpdateAccountDto } from './accounts.dto';
import { AccountsRepository } from './accounts.repository';
import { AccountChangedEvent, AccountEditingEvent } from './accounts.events';
import { AccountView, HistoryEntryView, OverviewView } from './accounts.responses';

export type { AccountView };

/** [recertify] Extra fields and audit action for `update` from other modules (not exposed over HTTP). */
export interface AccountUpdateOptions {
  action?: string;
  set?: Partial<Pick<Account, 'certifiedAt' | 'certifiedById' | 'operatorUserId'>>;
  context?: Record<string, unknown>;
}

/** Accounts (政务新媒体账号): the only writer of the `accounts` table. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly transactions: TransactionRunner,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  async list(query: ListAccountsQuery, actor: Actor): Promise<Page<AccountView>> {
    const page = await this.accounts.list(query, UnitScope.effectiveUnitFilter(actor, query.unitId));
    return { ...page, items: await this.present(page.items, actor) };
  }

  async get(id: number, actor: Actor): Promise<AccountView> {
    const account = await this.requireVisible(id, actor);
    return (await this.present([account], actor))[0];
  }

  async history(id: number, actor: Actor): Promise<HistoryEntryView[]> {
    await this.requireVisible(id, actor);
    const entries = await this.audit.history('account', id);
    return entries.map((e) => ({
      at: e.at,
      recordedAt: e.recordedAt,
      actor: e.actorId === null && e.actorUsername === null ? null : { id: e.actorId, username: e.actorUsername },
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      reason: e.reason,
      changes: e.changes,
      clientIp: e.clientIp,
    }));
  }

  /**
   * A new application (申请). `alsoInTransaction` runs in the same transaction once the account is
   * saved (account discovery's claim: both are kept or neither).
   */
  async create(dto: CreateAccountDto, actor: Actor, alsoInTransaction?: (tx: Transaction, account: Account) => Promise<void>): Promise<AccountView> {
    UnitScope.assertAccess(actor, dto.unitId);
    const appliedAt = dto.appliedAt ? new Date(dto.appliedAt) : new Date();
    const account = await this.transactions.run(async (tx) => {
      const unit = await this.units.requireLocked(dto.unitId, 'unitId', tx);
      this.assertUnitActive(unit);
      const justification = dto.justification?.trim() || null;
      await this.assertPlatformFree(tx, unit, dto.platform, justification, null);
      const created = await this.accounts.save(tx, {
        unitId: unit.id,
        platform: dto.platform,
        name: dto.name.trim(),
        platformAccountId: dto.platformAccountId?.trim() || null,
        homepageUrl: dto.homepageUrl ?? null,
        operatorName: dto.operatorName ?? null,
        operatorPhone: dto.operatorPhone ?? null,
        purpose: dto.purpose ?? null,
        justification,
        filingNumber: null,
        state: 'applied',
        appliedAt,
        appliedById: actor.id,
      });
      await this.audit.record(tx, {
        subjectType: 'account',
        subjectId: created.id,
        action: 'create',
        actor,
        toState: 'applied',
        at: appliedAt,
        changes: describeNew(created),
      });
      await alsoInTransaction?.(tx, created);
      return created;
    });
    await this.bus.emit(new AccountChangedEvent(account.id, 'create'));
    return this.get(account.id, actor);
  }

  async update(id: number, dto: UpdateAccountDto, actor: Actor, options: AccountUpdateOptions = {}): Promise<AccountView> {
    const action = options.action ?? 'update';
    await this.transactions.run(async (tx) => {
      const account = await this.requireVisible(id, actor, tx);
      assertPartAllowed(account.state, 'details');
      const patch: Partial<Account> = { ...dto, name: dto.name?.trim(), ...options.set };
      // A newly named operator is no longer the linked user, unless the caller links one.
      if (dto.operatorName !== undefined && (dto.operatorName ?? null) !== account.operatorName && options.set?.operatorUserId === undefined) patch.operatorUserId = null;
      if (dto.unitId !== undefined && dto.unitId !== account.unitId) {
        if (actor.role === 'operator') throw new ForbiddenException('信息员不能把账号迁移到其他单位，请联系政务公开办');
        const target = await this.units.requireLocked(dto.unitId, 'unitId', tx);
        this.assertUnitActive(target);
        if (LIVE_STATES.includes(account.state)) {
          const justification = dto.justification === undefined ? account.justification : dto.justification;
          await this.assertPlatformFree(tx, target, account.platform, justification, account.id);
        }
      }
      const changes = diffFields(account, patch);
      if (!Object.keys(changes).length) return;
      Object.assign(account, Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])));
      await this.accounts.save(tx, account);
      const entry = await this.audit.record(tx, { subjectType: 'account', subjectId: id, action, actor, changes });
      // In the edit's transaction: a listener that throws fails the edit.
      await this.bus.emitRequired(new AccountEditingEvent(tx, account, changes, action, actor, entry.at, options.context));
    });
    await this.bus.emit(new AccountChangedEvent(id, action));
    return this.get(id, actor);
  }

  async transition(id: number, dto: TransitionDto, actor: Actor): Promise<AccountView> {
    await this.transactions.run(async (tx) => {
      const account = await this.requireVisible(id, actor, tx);
      const plan = planTransition(account, dto.action, actor, dto);
      if (isRefusal(plan)) {
        if (plan.kind === 'forbidden') throw new ForbiddenException(plan.message);
        if (plan.kind === 'invalid') throw fieldError(plan.field, plan.message);
        throw new ConflictException({ statusCode: 409, error: 'Conflict', message: plan.message, currentState: plan.currentState, allowedActions: plan.allowedActions });
      }
      const at = dto.at ? new Date(dto.at) : new Date();
      const patch: Partial<Account> = { state: plan.to, updatedAt: new Date() };
      if (plan.stamps) patch[plan.stamps] = at;
      if (plan.clears) patch[plan.clears] = null;
      // Maker-checker for deregistration: remember who asked, so they cannot confirm it themselves.
      if (dto.action === 'request_deregistration') patch.deregistrationRequestedById = actor.id;
      if (dto.action === 'cancel_deregistration') patch.deregistrationRequestedById = null;
      if (dto.reason?.trim()) patch.lastReason = dto.reason.trim();
      if (dto.platformAccountId) patch.platformAccountId = dto.platformAccountId.trim();
      if (dto.homepageUrl) patch.homepageUrl = dto.homepageUrl;
      if (dto.filingNumber) patch.filingNumber = dto.filingNumber.trim();
      // Conditional on the state we read: a concurrent transition makes this one a 409.
      if (!(await this.accounts.updateIfState(tx, id, plan.from, patch))) {
        throw new ConflictException(`账号状态已被他人修改，请刷新后重试（本操作：${ACTION_LABELS[dto.action]}）`);
      }
      const { state: _state, updatedAt: _updatedAt, lastReason: _reason, ...fieldChanges } = patch;
      await this.audit.record(tx, {
        subjectType: 'account',
        subjectId: id,
        action: dto.action,
        actor,
        fromState: plan.from,
        toState: plan.to,
        reason: dto.reason?.trim() || null,
        at,
        changes: diffFields(account, fieldChanges),
      });
    });
    await this.bus.emit(new AccountChangedEvent(id, dto.action));
    return this.get(id, actor);
  }

  /** Counts for the 总览 page, within the actor's unit scope. */
  async overview(actor: Actor): Promise<OverviewView> {
    const only = UnitScope.restriction(actor);
    const { byState, byPlatform, liveByUnit } = await this.accounts.overviewCounts(only);
    const unitsWithAccount = new Set(liveByUnit.map((r) => r.unitId));
    const units = (await this.units.all()).filter((u) => u.status === 'active' && (only === null || u.id === only));
    const accountsByState = Object.fromEntries(byState.map((r) => [r.key, Number(r.count)]));
    return {
      accountsByState,
      accountsByPlatform: Object.fromEntries(byPlatform.map((r) => [r.key, Number(r.count)])),
      pendingReview: accountsByState.applied ?? 0,
      unitsWithoutAccount: units.filter((u) => !unitsWithAccount.has(u.id)).map((u) => ({ id: u.id, name: u.name })),
      liveAccountsByUnit: liveByUnit,
    };
  }

  /** [platforms] Every account's identity, state and deregistration (account discovery compares lists with them). */
  identities(): Promise<Pick<Account, 'id' | 'unitId' | 'name' | 'platform' | 'platformAccountId' | 'homepageUrl' | 'state' | 'deregisteredAt'>[]> {
    return this.accounts.identities();
  }

  /** Live accounts of a unit on a platform (the one-account-per-platform rule). */
  liveAccountsOn(tx: Transaction | undefined, unitId: number, platform: Platform, exceptId: number | null): Promise<Account[]> {
    return this.accounts.liveOn(tx, unitId, platform, exceptId);
  }

  async assertPlatformFree(tx: Transaction | undefined, unit: Unit, platform: Platform, justification: string | null, exceptId: number | null): Promise<void> {
    if (justification?.trim()) return;
    const existing = await this.liveAccountsOn(tx, unit.id, platform, exceptId);
    if (!existing.length) return;
    const named = existing.map((a) => `“${a.name}”（编号 ${a.id}，${STATE_LABELS[a.state]}）`).join('、');
    throw new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      message: `单位“${unit.name}”在${platformRegistry.nameOf(platform)}平台已有账号 ${named}。一个单位原则上在同一平台只开设一个政务新媒体账号；确需再开设的，请填写多账号理由`,
      existingAccounts: existing.map((a) => ({ id: a.id, name: a.name, state: a.state })),
    });
  }

  assertUnitActive(unit: Unit): void {
    if (unit.status !== 'active') {
      throw new ConflictException(`单位“${unit.name}”已撤并，不能为其登记或迁入账号${unit.successorUnitId ? `；请登记到承接单位（编号 ${unit.successorUnitId}）` : ''}`);
    }
  }

  /** The account, or 404; 403 when it belongs to a unit outside the actor's scope. */
  private async requireVisible(id: number, actor: Actor, tx?: Transaction): Promise<Account> {
    const account = await this.accounts.findById(id, tx);
    if (!account) throw new NotFoundException(`账号 ${id} 不存在`);
    UnitScope.assertAccess(actor, account.unitId);
    return account;
  }

  private async present(accounts: Account[], actor: Actor): Promise<AccountView[]> {
    const units = new Map((await this.units.findByIds(accounts.map((a) => a.unitId))).map((u) => [u.id, u.name]));
    const names = await this.users.usernames(accounts.flatMap((a) => [a.appliedById, a.certifiedById, a.deregistrationRequestedById]).filter((id): id is number => id !== null));
    return accounts.map((account) => {
      const { appliedById, deregistrationRequestedById, ...fields } = account;
      return {
        ...fields,
        unitName: units.get(account.unitId) ?? null,
        appliedBy: appliedById === null ? null : { id: appliedById, username: names.get(appliedById) ?? null },
        deregistrationRequestedBy: deregistrationRequestedById === null ? null : { id: deregistrationRequestedById, username: names.get(deregistrationRequestedById) ?? null },
        certifiedBy: account.certifiedById === null ? null : { id: account.certifiedById, username: names.get(account.certifiedById) ?? null },
        allowedActions: UnitScope.canAccess(actor, account.unitId) ? allowedActions(account, actor) : [],
        changeableParts: [...PARTS_BY_STATE[account.state]],
      };
    });
  }
}

function describeNew(account: Account): Record<string, unknown> {
  const fields = ['unitId', 'platform', 'name', 'platformAccountId', 'homepageUrl', 'operatorName', 'operatorPhone', 'purpose', 'justification'] as const;
  return Object.fromEntries(fields.filter((f) => account[f] !== null).map((f) => [f, account[f]]));
}

/** 409 when the account's state does not allow changing the part (account-state-machine.ts). */
export function assertPartAllowed(state: AccountState, part: AccountPart): void {
  const refusal = partRefusal(state, part);
  if (refusal) throw new ConflictException({ statusCode: 409, error: 'Conflict', message: refusal, currentState: state });
}
