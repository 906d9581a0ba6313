import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transactions';
import { AccountsRepository } from '../accounts/accounts.repository';
import { detectorRegistry } from '../findings/detectors/detector-registry';
import { FindingsService } from '../findings/findings.service';
import { UnitsService } from '../units/units.service';
import { INSPECTION_FAILURES, InspectionFailuresProvider } from './inspection-failures';
import { Rectification } from './rectification.entity';
import { parseDeadline } from './rectification-deadline';
import { RectificationIssuer } from './rectification-issuer';
import { RectificationReminders } from './rectification-reminders';
import { planStep } from './rectification-state-machine';
import { RectificationViews } from './rectification-views';
import { CreateRectificationDto, ListRectificationsQuery, RespondDto, VerifyDto } from './rectifications.dto';
import { RectificationEventsRepository, RectificationFilter, RectificationsRepository } from './rectifications.repository';
import { RectificationDetailView, RectificationSummaryView, RectificationView, RoundRectificationsView } from './rectifications.responses';

/** Rectification work orders (整改): issuing, the unit's answer, verification, the ledger. */
@Injectable()
export class RectificationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly orders: RectificationsRepository,
    private readonly events: RectificationEventsRepository,
    private readonly issuer: RectificationIssuer,
    private readonly views: RectificationViews,
    private readonly reminders: RectificationReminders,
    private readonly transactions: TransactionRunner,
    private readonly units: UnitsService,
    private readonly accounts: AccountsRepository,
    private readonly findings: FindingsService,
    @Optional() @Inject(INSPECTION_FAILURES) private readonly inspections?: InspectionFailuresProvider,
  ) {}

  /** A deadline from a request: readable and in the future (400 otherwise). */
  futureDeadline(text: string, now = new Date()): Date {
    const dueAt = parseDeadline(text, this.config.appTimezone);
    if (!dueAt) throw fieldError('dueAt', `整改期限“${String(text).slice(0, 40)}”无法识别，请写成 2023-10-15 或 2023-10-15T18:00:00+08:00`);
    if (dueAt.getTime() <= now.getTime()) throw fieldError('dueAt', '整改期限必须晚于当前时间');
    return dueAt;
  }

  async create(dto: CreateRectificationDto, actor: Actor): Promise<RectificationView> {
    const unit = await this.units.requireReferenced(dto.unitId, 'unitId');
    if (dto.accountId !== undefined) {
      const [account] = await this.accounts.findByIds([dto.accountId]);
      if (!account) throw fieldError('accountId', `账号 ${dto.accountId} 不存在`);
      if (account.unitId !== unit.id) throw fieldError('accountId', `账号“${account.name}”（编号 ${account.id}）不属于单位“${unit.name}”`);
    }
    // The references are named first, then the deadline (each 400 names its own field).
    const dueAt = this.futureDeadline(dto.dueAt);
    const source = dto.source ?? 'manual';
    const [order] = await this.transactions.run((tx) =>
      this.issuer.issue(
        tx,
        [
          {
            unitId: unit.id,
            accountId: dto.accountId ?? null,
            title: dto.title.trim(),
            problem: dto.problem.trim(),
            source,
            sourceRef: dto.sourceRef?.trim() || null,
            sourceKey: null,
            dueAt,
          },
        ],
        actor,
        new Date(),
      ),
    );
    return this.views.one(order);
  }

  /** One order for an open finding; a second call answers 409 naming the order made first. */
  async fromFinding(findingId: number, dueText: string, actor: Actor, at = new Date()): Promise<RectificationView> {
    const dueAt = this.futureDeadline(dueText, at);
    const finding = await this.findings.get(findingId, actor);
    const sourceKey = `finding:${finding.id}`;
    const existing = await this.orders.findBySourceKey(sourceKey);
    if (existing) throw this.duplicate(existing, `该问题已下发整改通知（编号 ${existing.id}），不能重复下发`);
    if (finding.status !== 'open') throw new ConflictException(`问题 ${finding.id} 已${finding.status === 'accepted' ? '认可' : '消除'}，只有未处理的问题才能下发整改通知`);
    if (finding.unitId === null) throw new ConflictException(`问题 ${finding.id} 没有所属单位，无法下发整改通知；请手工下发并选择单位`);
    const draft = {
      unitId: finding.unitId,
      accountId: finding.accountId,
      title: `【${detectorRegistry.labelOf(finding.kind)}】整改`.slice(0, 200),
      problem: finding.message.slice(0, 2000),
      source: 'finding' as const,
      sourceRef: `违规与风险 #${finding.id}`,
      sourceKey,
      dueAt,
      foundAt: finding.detectedAt,
    };
    try {
      const [order] = await this.transactions.run((tx) => this.issuer.issue(tx, [draft], actor, at));
      return this.views.one(order);
    } catch (error) {
      // Two requests at once: the unique source key let only one through.
      const winner = await this.orders.findBySourceKey(sourceKey);
      if (winner) throw this.duplicate(winner, `该问题已下发整改通知（编号 ${winner.id}），不能重复下发`);
      throw error;
    }
  }

  /** One order per failed account of a final round; accounts that already have one are skipped (idempotent). */
  async fromRound(roundId: number, dueText: string, actor: Actor): Promise<RoundRectificationsView> {
    const dueAt = this.futureDeadline(dueText);
    const round = this.inspections ? await this.inspections.failedAccountsOfFinalRound(roundId) : { found: false as const };
    if (!round.found) throw new NotFoundException(`检查轮次 ${roundId} 不存在`);
    if (!round.final) throw new ConflictException(`检查轮次 ${roundId} 尚未定稿，定稿后才能按不合格账号下发整改通知`);
    const accounts = new Map((await this.accounts.findByIds(round.failed.map((f) => f.accountId))).map((a) => [a.id, a]));
    const created = await this.transactions.run(async (tx) => {
      const keys = round.failed.map((f) => `inspection:${roundId}:${f.accountId}`);
      const existing = await this.orders.existingSourceKeys(keys, tx);
      const drafts = round.failed
        .filter((f) => !existing.has(`inspection:${roundId}:${f.accountId}`) && accounts.has(f.accountId))
        .map((f) => {
          const account = accounts.get(f.accountId)!;
          return {
            unitId: account.unitId,
            accountId: account.id,
            title: `${round.quarter} 检查不合格：${account.name}`.slice(0, 200),
            problem: (f.reasons.length ? `检查不合格原因：${f.reasons.join('；')}` : '检查不合格').slice(0, 2000),
            source: 'inspection' as const,
            sourceRef: `检查轮次 #${roundId}`,
            sourceKey: `inspection:${roundId}:${f.accountId}`,
            dueAt,
          };
        });
      return { orders: await this.issuer.issue(tx, drafts, actor, new Date()), existing: existing.size };
    });
    return { created: created.orders.length, existing: created.existing, items: await this.views.present(created.orders) };
  }

  /** `at`: now, except for the demo seed, which records a past quarter's history. */
  async respond(id: number, dto: RespondDto, actor: Actor, at = new Date()): Promise<RectificationView> {
    if (actor.role !== 'admin' && actor.role !== 'operator') throw new ForbiddenException('只有本单位信息员或管理员可以反馈整改情况');
    const order = await this.transactions.run(async (tx) => {
      const current = await this.visible(id, actor, tx);
      const plan = planStep(current.status, 'respond', { actorId: actor.id, respondedById: current.respondedById });
      if (!plan.ok) throw new ConflictException(plan.message);
      const evidenceUrls = dto.evidenceUrls?.length ? dto.evidenceUrls : null;
      const patch = { status: plan.to, respondedAt: at, respondedById: actor.id, responseText: dto.text.trim(), evidenceUrls };
      await this.orders.update(tx, id, patch);
      const from = current.status;
      const next = Object.assign(current, patch);
      await this.issuer.record(tx, { order: next, action: 'respond', from, to: plan.to, actor, at, note: patch.responseText, evidenceUrls });
      return next;
    });
    return this.views.one(order);
  }

  async verify(id: number, dto: VerifyDto, actor: Actor, at = new Date()): Promise<RectificationView> {
    const action = dto.result === 'accepted' ? 'accept' : 'return';
    const order = await this.transactions.run(async (tx) => {
      const current = await this.visible(id, actor, tx);
      const plan = planStep(current.status, action, { actorId: actor.id, respondedById: current.respondedById });
      if (!plan.ok) throw new ConflictException(plan.message);
      const note = dto.note.trim();
      const patch = { status: plan.to, verifiedAt: at, verifiedById: actor.id, verifyNote: note, closedAt: plan.to === 'closed' ? at : null };
      await this.orders.update(tx, id, patch);
      const from = current.status;
      const next = Object.assign(current, patch);
      await this.issuer.record(tx, { order: next, action, from, to: plan.to, actor, at, note });
      return next;
    });
    if (order.status === 'closed') await this.reminders.resolveFor(order.id);
    return this.views.one(order);
  }

  async get(id: number, actor: Actor): Promise<RectificationDetailView> {
    const order = await this.visible(id, actor);
    return { ...(await this.views.one(order)), history: this.views.history(await this.events.of(id)) };
  }

  async list(query: ListRectificationsQuery, actor: Actor): Promise<Page<RectificationView>> {
    const now = new Date();
    const page = await this.orders.list(this.filterFor(query, actor), query, now);
    return { ...page, items: await this.views.present(page.items, now) };
  }

  /** Counts by unit (我的整改 for an operator: their unit only). */
  async summary(query: ListRectificationsQuery, actor: Actor): Promise<RectificationSummaryView> {
    const counts = await this.orders.countsByUnit(this.filterFor(query, actor), new Date());
    const names = new Map((await this.units.findByIds(counts.map((c) => c.unitId))).map((u) => [u.id, u.name]));
    const byUnit = counts.map((c) => ({ ...c, unitName: names.get(c.unitId) ?? `单位 ${c.unitId}` }));
    const sum = (key: 'total' | 'issued' | 'responded' | 'closed' | 'overdue') => counts.reduce((n, c) => n + c[key], 0);
    return { total: sum('total'), issued: sum('issued'), responded: sum('responded'), closed: sum('closed'), overdue: sum('overdue'), byUnit };
  }

  filterFor(query: Omit<RectificationFilter, 'issuedFrom' | 'issuedTo'>, actor: Actor): RectificationFilter {
    return { status: query.status, source: query.source, overdue: query.overdue, unitId: UnitScope.effectiveUnitFilter(actor, query.unitId) };
  }

  /** The order, or 404; 403 when it belongs to another unit than an operator's. */
  private async visible(id: number, actor: Actor, tx?: Parameters<RectificationsRepository['findForUpdate']>[0]): Promise<Rectification> {
    const order = tx ? await this.orders.findForUpdate(tx, id) : await this.orders.findById(id);
    if (!order) throw new NotFoundException(`整改通知 ${id} 不存在`);
    UnitScope.assertAccess(actor, order.unitId);
    return order;
  }

  private duplicate(existing: Rectification, message: string): ConflictException {
    return new ConflictException({ statusCode: 409, error: 'Conflict', message, existingId: existing.id });
  }
}
