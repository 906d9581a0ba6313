import { ConflictException, Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, QueryFailedError, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SettingsService } from '../settings/settings.service';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { enqueueDetached, JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { EventBus } from '../../common/events/event-bus';
import { LIVE_STATES } from '../accounts/account-state-machine';
import { Account } from '../accounts/account.entity';
import { AccountEditingEvent } from '../accounts/accounts.events';
import { AccountsService, AccountView } from '../accounts/accounts.service';
import { UpdateAccountDto } from '../accounts/accounts.dto';
import { Alert } from '../alerts/alert.entity';
import { AlertsService } from '../alerts/alerts.service';
import { ColumnsService } from '../columns/columns.service';
import { rawDate } from '../findings/findings-data';
import { FINDINGS_SCAN_JOB, FindingsScanJob } from '../findings/findings.service';
import { UnitsService } from '../units/units.service';
import { UserChangedEvent } from '../users/users.events';
import { UsersService } from '../users/users.service';
import { CycleOptions, cycleOf, localDate, thresholds } from './recertification-cycle';
import { ContactsQuery, ListRecertificationsQuery, RecertifyColumnDto, RecertifyDto } from './recertification.dto';
import { AccountCertification, AccountContact, HandoverFlag, HandoverReason } from './recertification.entities';
import { ContactView, HandoverFlagView, RecertificationItemView, RecertificationStatusView, RecertifyResultView } from './recertification.responses';

/** The instant a cycle counts from, in SQL (same in both dialects). */
const BASE_SQL = 'COALESCE(a.certified_at, a.opened_at, a.created_at)';
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

function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a?.trim() && !!b?.trim() && a.trim() === b.trim();
}

/**
 * Re-certification (定期核查), contact history and handover (交接): the only writer of
 * `account_certifications`, `account_contacts` and `handover_flags`. Account fields and
 * columns change only through AccountsService and ColumnsService, so every correction is
 * audited like any edit.
 */
@Injectable()
export class RecertificationService implements OnModuleInit {
  private readonly logger = new Logger('Recertification');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AccountCertification) private readonly certifications: Repository<AccountCertification>,
    @InjectRepository(AccountContact) private readonly contacts: Repository<AccountContact>,
    @InjectRepository(HandoverFlag) private readonly flags: Repository<HandoverFlag>,
    private readonly accounts: AccountsService,
    private readonly columns: ColumnsService,
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly alerts: AlertsService,
    private readonly bus: EventBus,
    private readonly settings: SettingsService,
  ) {}

  onModuleInit(): void {
    // Inside every account edit's transaction: contact history, confirmations, clearing handovers.
    this.bus.on(AccountEditingEvent, (event) => this.onAccountEdited(event));
    // After a user is disabled or moved: flag the accounts that named them.
    this.bus.on(UserChangedEvent, (event) => this.onUserChanged(event));
  }

  /** The cycle's length, reminder lead and start (RECERTIFY_START_DATE, else the day first enabled). */
  private async cycle(): Promise<CycleOptions> {
    return { days: this.config.recertifyDays, remindDays: this.config.recertifyRemindDays, start: await this.settings.cycleStart() };
  }

  // ---- the list (待核查) ----

  async list(query: ListRecertificationsQuery, actor: Actor, now = new Date()): Promise<Page<RecertificationItemView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const qb = this.dataSource.getRepository(Account).createQueryBuilder('a').where('a.state = :opened', { opened: 'opened' });
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    if (unitId !== undefined) qb.andWhere('a.unit_id = :unitId', { unitId });
    const { overdueBase, dueBase } = thresholds(now, await this.cycle());
    if (query.status === 'overdue') qb.andWhere(`${BASE_SQL} <= :overdueBase`, { overdueBase });
    if (query.status === 'due') qb.andWhere(`${BASE_SQL} <= :dueBase AND ${BASE_SQL} > :overdueBase`, { dueBase, overdueBase });
    if (query.status === 'pending') qb.andWhere(`${BASE_SQL} <= :dueBase`, { dueBase });
    if (query.status === 'ok') qb.andWhere(`${BASE_SQL} > :dueBase`, { dueBase });
    if (query.handover !== undefined) {
      qb.andWhere(`${query.handover ? '' : 'NOT '}EXISTS (SELECT 1 FROM handover_flags h WHERE h.account_id = a.id AND h.cleared_at IS NULL)`);
    }
    const total = await qb.getCount();
    const rows = await qb
      .select('a.id', 'id')
      .orderBy(BASE_SQL, 'ASC')
      .addOrderBy('a.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<{ id: number | string }>();
    const ids = rows.map((r) => Number(r.id));
    const accounts = ids.length ? await this.dataSource.getRepository(Account).find({ where: { id: In(ids) } }) : [];
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const cycle = await this.cycle();
    const items = await this.present(
      ids.map((id) => byId.get(id)).filter((a): a is Account => !!a),
      now,
      cycle,
    );
    return { items, total, page, pageSize };
  }

  private async present(accounts: Account[], now: Date, options: CycleOptions): Promise<RecertificationItemView[]> {
    const units = new Map((await this.units.findByIds(accounts.map((a) => a.unitId))).map((u) => [u.id, u.name]));
    const names = await this.users.usernames(accounts.map((a) => a.certifiedById).filter((id): id is number => id !== null));
    const flags = await this.openFlags(accounts.map((a) => a.id));
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
    const recent = await this.certifications.find({ where: { accountId: id }, order: { certifiedAt: 'DESC', id: 'DESC' }, take: 20 });
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
      handoverFlags: await this.openFlags([id]),
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
      throw new ConflictException(`账号“${account.name}”当前状态不是“已开设”,无需定期核查;只有已开设的账号参与核查`);
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
      if (!byId.has(column.id)) throw fieldError(`columns.${index}.id`, `栏目 ${column.id} 不属于该账号,请刷新后重试`);
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

  // ---- inside an account edit (same transaction) ----

  private async onAccountEdited(event: AccountEditingEvent): Promise<void> {
    const { manager, account, changes, actor, at } = event;
    const contactChanged = 'operatorName' in changes || 'operatorPhone' in changes;
    if (contactChanged) await this.recordContact(manager, event);
    else if ('operatorUserId' in changes) {
      await manager.update(AccountContact, { accountId: account.id, validTo: IsNull() }, { operatorUserId: account.operatorUserId });
    }
    if (event.action === 'recertify') {
      const { certifiedAt: _c, certifiedById: _b, ...fieldChanges } = changes;
      const columns = event.context?.columns ?? null;
      const recorded: Record<string, unknown> = {};
      if (Object.keys(fieldChanges).length) recorded.account = fieldChanges;
      if (columns) recorded.columns = columns;
      await manager.save(
        manager.create(AccountCertification, {
          accountId: account.id,
          unitId: account.unitId,
          certifiedAt: account.certifiedAt ?? at,
          certifiedById: actor.id,
          certifiedBy: actor.username,
          dueAt: typeof event.context?.dueAt === 'string' ? new Date(event.context.dueAt) : null,
          changes: Object.keys(recorded).length ? recorded : null,
        }),
      );
    }
    if (('operatorName' in changes || 'operatorUserId' in changes) && account.operatorName?.trim()) {
      const open = await manager.find(HandoverFlag, { where: { accountId: account.id, clearedAt: IsNull() } });
      const replaced = open.filter((f) => f.userId !== account.operatorUserId && !sameName(f.userName, account.operatorName));
      if (replaced.length) {
        await manager.update(HandoverFlag, { id: In(replaced.map((f) => f.id)) }, { clearedAt: at, clearedById: actor.id, clearedBy: actor.username, openKey: null });
      }
    }
  }

  /** Closes the current contact period and opens the new one (the first change also records what was there before). */
  private async recordContact(manager: EntityManager, event: AccountEditingEvent): Promise<void> {
    const { account, changes, actor, at } = event;
    const before = (field: 'operatorName' | 'operatorPhone' | 'operatorUserId') => (field in changes ? (changes[field].from as string | number | null) : account[field]);
    const open = await manager.find(AccountContact, { where: { accountId: account.id, validTo: IsNull() } });
    if (open.length) {
      await manager.update(AccountContact, { id: In(open.map((c) => c.id)) }, { validTo: at });
    } else if (before('operatorName') || before('operatorPhone')) {
      await manager.save(
        manager.create(AccountContact, {
          accountId: account.id,
          operatorName: before('operatorName') as string | null,
          operatorPhone: before('operatorPhone') as string | null,
          operatorUserId: before('operatorUserId') as number | null,
          validFrom: account.appliedAt ?? account.openedAt ?? account.createdAt,
          validTo: at,
          source: 'initial',
          recordedAt: at,
          recordedById: null,
          recordedBy: null,
        }),
      );
    }
    await manager.save(
      manager.create(AccountContact, {
        accountId: account.id,
        operatorName: account.operatorName,
        operatorPhone: account.operatorPhone,
        operatorUserId: account.operatorUserId,
        validFrom: at,
        validTo: null,
        source: event.action === 'recertify' ? 'recertify' : 'update',
        recordedAt: at,
        recordedById: actor.id,
        recordedBy: actor.username,
      }),
    );
  }

  // ---- contact history ----

  /** Who was responsible for the account, newest period first; with `at`, only the period covering that instant. */
  async contactHistory(id: number, query: ContactsQuery, actor: Actor): Promise<ContactView[]> {
    const account = await this.accounts.get(id, actor);
    const rows = await this.contacts.find({ where: { accountId: id }, order: { validFrom: 'DESC', id: 'DESC' } });
    let items: ContactView[] = rows.map((r) => ({
      id: r.id,
      operatorName: r.operatorName,
      operatorPhone: r.operatorPhone,
      operatorUserId: r.operatorUserId,
      validFrom: r.validFrom,
      validTo: r.validTo,
      source: r.source,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedById === null && r.recordedBy === null ? null : { id: r.recordedById, username: r.recordedBy },
    }));
    if (!items.length && (account.operatorName || account.operatorPhone)) {
      // Never changed since it was registered: what the account carries is the whole history.
      items = [
        {
          id: null,
          operatorName: account.operatorName,
          operatorPhone: account.operatorPhone,
          operatorUserId: account.operatorUserId,
          validFrom: account.appliedAt ?? account.openedAt ?? account.createdAt,
          validTo: null,
          source: 'initial',
          recordedAt: null,
          recordedBy: null,
        },
      ];
    }
    if (query.at) {
      const at = new Date(query.at).getTime();
      items = items.filter((c) => c.validFrom.getTime() <= at && (c.validTo === null || c.validTo.getTime() > at));
    }
    return items;
  }

  // ---- handover (交接) ----

  private async onUserChanged(event: UserChangedEvent): Promise<void> {
    const { user, before, changes, actor } = event;
    let reason: HandoverReason | null = null;
    if ('disabled' in changes && user.disabled) reason = 'user_disabled';
    else if ('unitId' in changes && before.unitId !== null) reason = 'user_moved';
    if (!reason) return;
    await this.flagAccountsOf(user, before, reason, actor);
  }

  /**
   * Flags the live accounts that name this user as operator: linked by `operatorUserId`, or
   * (not linked to anyone) in the user's former unit with `operatorName` equal to the user's
   * display name or username.
   */
  async flagAccountsOf(
    user: UserChangedEvent['user'],
    before: UserChangedEvent['before'],
    reason: HandoverReason,
    actor: Pick<Actor, 'id' | 'username'> | null,
  ): Promise<number[]> {
    const formerUnit = before.unitId;
    const names = [...new Set([before.displayName, user.displayName, user.username].map((n) => n?.trim()).filter((n): n is string => !!n))];
    const qb = this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('a.state IN (:...live)', { live: [...LIVE_STATES] });
    qb.andWhere(
      formerUnit === null
        ? 'a.operator_user_id = :uid'
        : `((a.operator_user_id = :uid${reason === 'user_moved' ? ' AND a.unit_id = :formerUnit' : ''}) OR (a.operator_user_id IS NULL AND a.unit_id = :formerUnit AND a.operator_name IN (:...names)))`,
      { uid: user.id, formerUnit, names },
    );
    const accounts = await qb.getMany();
    const userName = (before.displayName ?? user.displayName ?? user.username).slice(0, 64);
    const detail =
      reason === 'user_disabled'
        ? `负责人“${userName}”(用户 ${user.username})已停用,请登记新的负责人并做好交接`
        : `负责人“${userName}”(用户 ${user.username})已调离本单位,请登记新的负责人并做好交接`;
    const flagged: number[] = [];
    const now = new Date();
    for (const a of accounts) {
      try {
        await this.flags.save(
          this.flags.create({
            accountId: a.id,
            unitId: a.unitId,
            userId: user.id,
            userName,
            reason,
            detail,
            flaggedAt: now,
            clearedAt: null,
            clearedById: null,
            clearedBy: null,
            openKey: `${a.id}:${user.id}`,
          }),
        );
        flagged.push(a.id);
      } catch (error) {
        if (!(error instanceof QueryFailedError)) throw error; // already flagged for this user
      }
    }
    if (flagged.length) {
      this.logger.log(
        `handover: ${flagged.length} account(s) flagged after user ${user.id} was ${reason === 'user_disabled' ? 'disabled' : 'moved'}${actor ? ` by ${actor.username}` : ''}`,
      );
      enqueueDetached<FindingsScanJob>(this.queue, this.logger, FINDINGS_SCAN_JOB, { accountIds: flagged });
    }
    return flagged;
  }

  async openFlags(accountIds: number[]): Promise<HandoverFlagView[]> {
    if (!accountIds.length) return [];
    const rows = await this.flags.find({ where: { accountId: In(accountIds), clearedAt: IsNull() }, order: { flaggedAt: 'ASC', id: 'ASC' } });
    return rows.map((f) => ({
      id: f.id,
      accountId: f.accountId,
      userId: f.userId,
      userName: f.userName,
      reason: f.reason,
      detail: f.detail,
      flaggedAt: f.flaggedAt,
      clearedAt: f.clearedAt,
      clearedBy: f.clearedBy,
    }));
  }

  // ---- reminders ----

  /**
   * Raises one `recertify_due` alert per opened account inside the reminder window or overdue
   * (its message says which), and resolves those whose account was confirmed or left `opened`.
   */
  async checkReminders(now = new Date()): Promise<{ due: number; overdue: number; opened: number; resolved: number }> {
    const { dueBase } = thresholds(now, await this.cycle());
    const pending = await this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('a.state = :opened', { opened: 'opened' })
      .andWhere(`${BASE_SQL} <= :dueBase`, { dueBase })
      .orderBy('a.id', 'ASC')
      .getMany();
    const options = await this.cycle();
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
          ? `账号“${a.name}”定期核查已逾期 ${Math.max(1, -cycle.daysLeft)} 天(应于 ${day} 前核查),请单位信息员核对账号信息并确认`
          : `账号“${a.name}”将于 ${day} 到期核查(还剩 ${cycle.daysLeft} 天),请单位信息员核对账号信息并确认`;
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
    const open = await this.dataSource.getRepository(Alert).find({ where: { kind: ALERT_KIND, status: 'open' }, select: { id: true, subjectId: true } });
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
    const qb = this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('a.state IN (:...states)', { states: ['opened', 'deregistration_requested', 'deregistered'] })
      .andWhere('COALESCE(a.opened_at, a.created_at) <= :at', { at })
      .andWhere('(a.deregistered_at IS NULL OR a.deregistered_at > :at)', { at })
      .andWhere(`COALESCE(a.opened_at, a.created_at) <= :overdueBase`, { overdueBase: thresholds(at, options).overdueBase })
      .orderBy('a.id', 'ASC');
    if (unitIds) qb.andWhere('a.unit_id IN (:...unitIds)', { unitIds: unitIds.length ? unitIds : [-1] });
    const candidates = await qb.getMany();
    const result: OverdueAccount[] = [];
    const units = new Map((await this.units.findByIds([...new Set(candidates.map((a) => a.unitId))])).map((u) => [u.id, u.name]));
    for (let i = 0; i < candidates.length; i += 500) {
      const chunk = candidates.slice(i, i + 500);
      const rows = await this.certifications
        .createQueryBuilder('c')
        .select('c.accountId', 'accountId')
        .addSelect('MAX(c.certifiedAt)', 'last')
        .where('c.accountId IN (:...ids)', { ids: chunk.map((a) => a.id) })
        .andWhere('c.certifiedAt <= :at', { at })
        .groupBy('c.accountId')
        .getRawMany<{ accountId: number | string; last: unknown }>();
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
