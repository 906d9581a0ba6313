import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { rawDate } from '../../database/raw-date';
import type { Account } from '../accounts/account.entity';
import { AccountsRepository, CycleFilter } from '../accounts/accounts.repository';
import { AccountsService, AccountView } from '../accounts/accounts.service';
import { UpdateAccountDto } from '../accounts/accounts.dto';
import { AlertsService } from '../alerts/alerts.service';
import { ColumnsService } from '../columns/columns.service';
import { SettingsService } from '../settings/settings.service';
import { UnitsService } from '../units/units.service';
import { UsersService } from '../users/users.service';
import { HandoverService, sameName } from './handover.service';
import { CycleOptions, cycleOf, localDate, thresholds } from './recertification-cycle';
import { ListRecertificationsQuery, RecertifyColumnDto, RecertifyDto } from './recertification.dto';
import { CertificationsRepository, HandoverFlagsRepository } from './recertification.repository';
import { RecertificationItemView, RecertificationStatusView, RecertifyResultView } from './recertification.responses';

const ACCOUNT_FIELDS = ['name', 'platformAccountId', 'homepageUrl', 'certifiedSubject', 'operatorName', 'operatorPhone'] as const;
const ALERT_KIND = 'recertify_due';

export interface ColumnChanges {
  created: { id: number; name: string; url: string }[];
  updated: { id: number; changes: Record<string, { from: string; to: string }> }[];
  deleted: { id: number; name: string; url: string }[];
}

export interface OverdueAccount {
  accountId: number;
  name: string;
  platform: string;
  unitId: number;
  unitName: string | null;
  dueAt: Date;
  daysOverdue: number;
}

function clean(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value === null ? null : value.trim() || null;
}

/**
 * Re-certification (定期核查): the list, confirming, reminders and the report's overdue
 * figures. Account fields and columns change only through AccountsService and ColumnsService,
 * so every correction is audited like any edit; the confirmation itself, contact history and
 * handover flags are recorded by HandoverService (handover.service.ts).
 */
@Injectable()
export class RecertificationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly certifications: CertificationsRepository,
    private readonly flags: HandoverFlagsRepository,
    private readonly accountRows: AccountsRepository,
    private readonly handover: HandoverService,
    private readonly accounts: AccountsService,
    private readonly columns: ColumnsService,
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly alerts: AlertsService,
    private readonly settings: SettingsService,
  ) {}

  /** The cycle's length, reminder lead and start (RECERTIFY_START_DATE, else the day first enabled). */
  private async cycle(): Promise<CycleOptions> {
    return { days: this.config.recertifyDays, remindDays: this.config.recertifyRemindDays, start: await this.settings.cycleStart() };
  }

  // ---- the list (待核查) ----

  async list(query: ListRecertificationsQuery, actor: Actor, now = new Date()): Promise<Page<RecertificationItemView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const filter: CycleFilter = { unitId: UnitScope.effectiveUnitFilter(actor, query.unitId) };
    const cycle = await this.cycle();
    const { overdueBase, dueBase } = thresholds(now, cycle);
    if (query.status === 'overdue') filter.baseAtMost = overdueBase;
    if (query.status === 'due') Object.assign(filter, { baseAtMost: dueBase, baseAfter: overdueBase });
    if (query.status === 'pending') filter.baseAtMost = dueBase;
    if (query.status === 'ok') filter.baseAfter = dueBase;
    if (query.handover !== undefined) {
      const flagged = await this.flags.accountIdsWithOpenFlags();
      if (query.handover) filter.onlyIds = flagged;
      else filter.exceptIds = flagged;
    }
    const { accounts, total } = await this.accountRows.openedByCycle(filter, page, pageSize);
    return { items: await this.present(accounts, now, cycle), total, page, pageSize };
  }

  private async present(accounts: Account[], now: Date, options: CycleOptions): Promise<RecertificationItemView[]> {
    const units = new Map((await this.units.findByIds(accounts.map((a) => a.unitId))).map((u) => [u.id, u.name]));
    const names = await this.users.usernames(accounts.map((a) => a.certifiedById).filter((id): id is number => id !== null));
    const flags = await this.handover.openFlags(accounts.map((a) => a.id));
    return accounts.map((a) => ({
      accountId: a.id,
      name: a.name,
      platform: a.platform,
      state: a.state,
      unitId: a.unitId,
      unitName: units.get(a.unitId) ?? null,
      platformAccountId: a.platformAccountId,
      homepageUrl: a.homepageUrl,
      certifiedSubject: a.certifiedSubject,
      operatorName: a.operatorName,
      operatorPhone: a.operatorPhone,
      certifiedAt: a.certifiedAt,
      certifiedBy: a.certifiedById === null ? null : { id: a.certifiedById, username: names.get(a.certifiedById) ?? null },
      ...cycleOf(a, now, options),
      handoverFlags: flags.filter((f) => f.accountId === a.id),
    }));
  }

  /** One account's cycle, open handover flags and recent confirmations (account page). */
  async status(id: number, actor: Actor, now = new Date()): Promise<RecertificationStatusView> {
    const view = await this.accounts.get(id, actor);
    const recent = await this.certifications.recent(id, 20);
    const opened = view.state === 'opened';
    return {
      accountId: id,
      state: view.state,
      certifiedSubject: view.certifiedSubject,
      certifiedAt: view.certifiedAt,
      certifiedBy: view.certifiedBy,
      cycleDays: this.config.recertifyDays,
      remindDays: this.config.recertifyRemindDays,
      ...(opened ? cycleOf(view, now, await this.cycle()) : { baseAt: null, dueAt: null, status: null, daysLeft: null }),
      handoverFlags: await this.handover.openFlags([id]),
      certifications: recent.map((c) => ({
        id: c.id,
        certifiedAt: c.certifiedAt,
        certifiedBy: { id: c.certifiedById, username: c.certifiedBy },
        dueAt: c.dueAt,
        changes: c.changes,
      })),
    };
  }

  // ---- confirming (核查) ----

  /**
   * Confirms an opened account's facts, applying corrections through the accounts and columns
   * services (each audited); stamps `certifiedAt` even when nothing changed (audit action `recertify`).
   */
  async recertify(id: number, dto: RecertifyDto, actor: Actor): Promise<RecertifyResultView> {
    const account = await this.accounts.get(id, actor); // 404 / 403 outside the unit
    if (account.state !== 'opened') {
      throw new ConflictException(`账号“${account.name}”当前状态不是“已开设”，无需定期核查；只有已开设的账号参与核查`);
    }
    const columnPlan = dto.columns ? await this.planColumns(id, dto.columns, actor) : null;
    const patch: UpdateAccountDto = {};
    for (const field of ACCOUNT_FIELDS) {
      const value = field === 'name' ? dto.name?.trim() : clean(dto[field]);
      if (value !== undefined) (patch as Record<string, unknown>)[field] = value;
    }
    const operatorName = patch.operatorName !== undefined ? patch.operatorName : account.operatorName;
    const link = await this.operatorLink(account, dto.operatorUserId, operatorName, actor);
    const now = new Date();
    const dueAt = cycleOf(account, now, await this.cycle()).dueAt;
    const columnChanges = columnPlan ? await this.applyColumns(id, columnPlan, actor) : null;
    await this.accounts.update(id, patch, actor, {
      action: 'recertify',
      set: { certifiedAt: now, certifiedById: actor.id, ...(link !== undefined ? { operatorUserId: link } : {}) },
      context: { dueAt: dueAt.toISOString(), columns: columnChanges },
    });
    await this.alerts.resolve({ kind: ALERT_KIND, subjectType: 'account', subjectId: id });
    return { account: await this.accounts.get(id, actor), recertification: await this.status(id, actor, now) };
  }

  /**
   * The user behind the operator: given explicitly (an enabled operator of the account's unit,
   * or null), else the certifying operator when the operator name is theirs; undefined = leave.
   */
  private async operatorLink(account: AccountView, requested: number | null | undefined, operatorName: string | null, actor: Actor): Promise<number | null | undefined> {
    if (requested === null) return null;
    if (requested !== undefined) {
      const user = await this.users.get(requested).catch(() => null);
      if (!user || user.disabled || user.role !== 'operator' || user.unitId !== account.unitId) {
        throw fieldError('operatorUserId', '负责人对应的用户必须是本单位在用的信息员账号');
      }
      return user.id;
    }
    if (actor.role === 'operator' && actor.unitId === account.unitId && account.operatorUserId !== actor.id) {
      const me = await this.users.get(actor.id);
      if (sameName(operatorName, me.displayName) || sameName(operatorName, me.username)) return actor.id;
    }
    return undefined;
  }

  private async planColumns(accountId: number, wanted: RecertifyColumnDto[], actor: Actor) {
    const existing = (await this.columns.listForAccount(accountId, { page: 1, pageSize: 200 }, actor)).items;
    const byId = new Map(existing.map((c) => [Number(c.id), c]));
    const seen = new Set<number>();
    wanted.forEach((column, index) => {
      if (column.id === undefined) return;
      if (!byId.has(column.id)) throw fieldError(`columns.${index}.id`, `栏目 ${column.id} 不属于该账号，请刷新后重试`);
      if (seen.has(column.id)) throw fieldError(`columns.${index}.id`, `栏目 ${column.id} 出现了两次`);
      seen.add(column.id);
    });
    return {
      create: wanted.filter((c) => c.id === undefined).map((c) => ({ name: c.name.trim(), url: c.url.trim() })),
      update: wanted
        .filter((c) => c.id !== undefined)
        .map((c) => ({ id: c.id as number, name: c.name.trim(), url: c.url.trim(), before: byId.get(c.id as number)! }))
        .filter((c) => c.name !== c.before.name || c.url !== c.before.url),
      remove: existing.filter((c) => !seen.has(Number(c.id))),
    };
  }

  private async applyColumns(accountId: number, plan: Awaited<ReturnType<RecertificationService['planColumns']>>, actor: Actor): Promise<ColumnChanges | null> {
    const changes: ColumnChanges = { created: [], updated: [], deleted: [] };
    for (const c of plan.remove) {
      await this.columns.remove(Number(c.id), actor);
      changes.deleted.push({ id: Number(c.id), name: c.name, url: c.url });
    }
    for (const c of plan.update) {
      await this.columns.update(c.id, { name: c.name, url: c.url }, actor);
      const diff: Record<string, { from: string; to: string }> = {};
      if (c.name !== c.before.name) diff.name = { from: c.before.name, to: c.name };
      if (c.url !== c.before.url) diff.url = { from: c.before.url, to: c.url };
      changes.updated.push({ id: c.id, changes: diff });
    }
    for (const c of plan.create) {
      const created = await this.columns.create(accountId, c, actor);
      changes.created.push({ id: Number(created.id), name: created.name, url: created.url });
    }
    return changes.created.length || changes.updated.length || changes.deleted.length ? changes : null;
  }

  // ---- reminders ----

  /**
   * Raises one `recertify_due` alert per opened account inside the reminder window or overdue
   * (its message says which), and resolves those whose account was confirmed or left `opened`.
   */
  async checkReminders(now = new Date()): Promise<{ due: number; overdue: number; opened: number; resolved: number }> {
    const options = await this.cycle();
    const { dueBase } = thresholds(now, options);
    const pending = await this.accountRows.openedWithCycleBefore(dueBase);
    const result = { due: 0, overdue: 0, opened: 0, resolved: 0 };
    const wanted = new Set<string>();
    for (const a of pending) {
      const cycle = cycleOf(a, now, options);
      if (cycle.status === 'ok') continue;
      wanted.add(String(a.id));
      result[cycle.status]++;
      const day = localDate(cycle.dueAt, this.config.appTimezone);
      const message =
        cycle.status === 'overdue'
          ? `账号“${a.name}”定期核查已逾期 ${Math.max(1, -cycle.daysLeft)} 天（应于 ${day} 前核查），请单位信息员核对账号信息并确认`
          : `账号“${a.name}”将于 ${day} 到期核查（还剩 ${cycle.daysLeft} 天），请单位信息员核对账号信息并确认`;
      const { opened } = await this.alerts.raise({
        kind: ALERT_KIND,
        subjectType: 'account',
        subjectId: a.id,
        unitId: a.unitId,
        message,
        details: { accountId: a.id, dueAt: cycle.dueAt.toISOString(), status: cycle.status },
      });
      if (opened) result.opened++;
    }
    const open = await this.alerts.openOfKind(ALERT_KIND);
    for (const alert of open) {
      if (wanted.has(alert.subjectId)) continue;
      if (await this.alerts.resolve({ kind: ALERT_KIND, subjectType: 'account', subjectId: alert.subjectId })) result.resolved++;
    }
    return result;
  }

  // ---- for the quarterly report ----

  /**
   * Accounts that were opened and overdue for re-certification at `at` (e.g. the end of a
   * quarter): counted from the last confirmation on or before `at`, else the opening.
   */
  async overdueAt(at: Date, unitIds?: number[]): Promise<OverdueAccount[]> {
    const options = await this.cycle();
    const candidates = await this.accountRows.openedAt(at, thresholds(at, options).overdueBase, unitIds);
    const result: OverdueAccount[] = [];
    const units = new Map((await this.units.findByIds([...new Set(candidates.map((a) => a.unitId))])).map((u) => [u.id, u.name]));
    for (let i = 0; i < candidates.length; i += 500) {
      const chunk = candidates.slice(i, i + 500);
      const rows = await this.certifications.lastBefore(
        chunk.map((a) => a.id),
        at,
      );
      const last = new Map(rows.map((r) => [Number(r.accountId), rawDate(r.last)]));
      for (const a of chunk) {
        const cycle = cycleOf({ certifiedAt: last.get(a.id) ?? null, openedAt: a.openedAt, createdAt: a.createdAt }, at, options);
        if (cycle.status !== 'overdue') continue;
        result.push({
          accountId: a.id,
          name: a.name,
          platform: a.platform,
          unitId: a.unitId,
          unitName: units.get(a.unitId) ?? null,
          dueAt: cycle.dueAt,
          daysOverdue: Math.max(1, -cycle.daysLeft),
        });
      }
    }
    return result;
  }
}
