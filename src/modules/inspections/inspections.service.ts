import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { formatQuarter, parseQuarter, quarterBounds } from '../../common/quarter';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { badRequest, fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../../database/transactions';
import { AuditService } from '../audit/audit.service';
import { DEFAULT_INDICATORS, Indicator, validateIndicators } from './indicators';
import { InspectionEvaluationService } from './inspection-evaluation.service';
import { InspectionFactsRepository } from '../reporting/inspection-facts.repository';
import { accountView, AccountResultView, RoundView, roundView } from './inspection-views';
import type { InspectionRound } from './inspection.entities';
import type { CreateInspectionDto, ListInspectionAccountsQuery, ListInspectionsQuery, PutManualItemsDto } from './inspections.dto';
import { InspectionsRepository } from './inspections.repository';
import { drawSample, drawSeed } from './sampling';
import { RoundSummary, summarise } from './scoring';

/** A failed account of a final round with its reasons: what a rectification order is made from. */
export interface FailedAccount {
  roundId: number;
  quarter: string;
  accountId: number;
  name: string;
  platform: string;
  unitId: number;
  unitName: string;
  score: number;
  recheck: boolean;
  reasons: string[];
  vetoes: AccountResultView['vetoes'];
  deductions: AccountResultView['deductions'];
}

/**
 * Inspections (检查评分, api.md v1.1): the indicator set, rounds drawn reproducibly, manual items,
 * results and summaries, finalizing. Evaluation runs in InspectionEvaluationService. The only
 * writer of the inspection_* tables (through InspectionsRepository).
 */
@Injectable()
export class InspectionsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly repo: InspectionsRepository,
    private readonly facts: InspectionFactsRepository,
    private readonly evaluation: InspectionEvaluationService,
    private readonly audit: AuditService,
  ) {}

  // ---- indicator set ----

  /** The current set; the defaults until an admin has saved one. */
  async indicators(): Promise<Indicator[]> {
    const saved = await this.repo.indicators();
    return saved.length ? saved : DEFAULT_INDICATORS.map((i) => ({ ...i }));
  }

  async putIndicators(items: Indicator[], actor: Actor): Promise<Indicator[]> {
    const problems = validateIndicators(items);
    if (problems.length) throw badRequest(problems);
    const clean = items.map(({ code, name, type, basis, points, cap, description }) => ({ code, name: name.trim(), type, basis, points, cap, description: description ?? '' }));
    const before = await this.indicators();
    await this.transactions.run(async (tx) => {
      await this.repo.replaceIndicators(tx, clean);
      await this.audit.record(tx, { subjectType: 'inspection_indicators', subjectId: 'set', action: 'update', actor, changes: { before, after: clean } });
    });
    return this.indicators();
  }

  // ---- rounds ----

  async create(dto: CreateInspectionDto, actor: Actor, now = new Date()): Promise<RoundView> {
    const quarter = this.parseQuarter(dto.quarter);
    const { from, to } = quarterBounds(parseQuarter(quarter)!, this.config.appTimezone);
    if (from.getTime() > now.getTime()) throw fieldError('quarter', `季度 ${quarter} 尚未开始，只能检查以往或本季度`);
    // The quarter's last instant, or now for the current quarter.
    const inspectionDate = to.getTime() > now.getTime() ? now : new Date(to.getTime() - 1);
    const unitIds = dto.unitIds?.length ? [...new Set(dto.unitIds)] : null;
    if (unitIds) {
      const existing = await this.facts.existingUnits(unitIds);
      const missing = unitIds.filter((id) => !existing.has(id));
      if (missing.length) throw fieldError('unitIds', `单位 ${missing.join('、')} 不存在`);
    }
    const platforms = dto.platforms?.length ? [...new Set(dto.platforms)] : null;
    const sampleRate = dto.sampleRate ?? 1;
    const seed = dto.seed ?? drawSeed();
    const candidates = await this.facts.openAccounts(new Date(inspectionDate.getTime() + 1), { unitIds, platforms });
    const drawn = new Set(drawSample(candidates, sampleRate, seed));
    const previous = await this.repo.latestFinalBefore(quarter);
    const rechecks = new Set(previous ? await this.repo.failedAccountIds(previous.id) : []);
    const chosen = candidates.filter((c) => drawn.has(c.id) || rechecks.has(c.id));
    if (!chosen.length) throw fieldError('quarter', `${quarter} 检查日没有符合条件的已开设账号，无法创建检查轮次；请调整单位或平台范围`);
    const indicators = await this.indicators();
    const round = await this.transactions.run(async (tx) => {
      const saved = await this.repo.insertRound(tx, {
        quarter,
        inspectionDate,
        status: 'open',
        sampleRate,
        seed,
        unitIds,
        platforms,
        indicators,
        recheckOfId: previous?.id ?? null,
        createdBy: actor.username,
      });
      await this.repo.insertAccounts(
        tx,
        chosen.map((c) => ({
          roundId: saved.id,
          accountId: c.id,
          name: c.name,
          platform: c.platform,
          unitId: c.unitId,
          unitName: c.unitName,
          recheck: rechecks.has(c.id),
          score: null,
          verdict: null,
        })),
      );
      await this.audit.record(tx, {
        subjectType: 'inspection',
        subjectId: saved.id,
        action: 'create',
        actor,
        changes: { quarter, sampleRate, seed, unitIds, platforms, accounts: chosen.length },
      });
      return saved;
    });
    return roundView(round, chosen.length, null);
  }

  async list(query: ListInspectionsQuery): Promise<{ items: RoundView[]; total: number; page: number; pageSize: number }> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const quarter = query.quarter === undefined ? undefined : this.parseQuarter(query.quarter);
    const [rounds, total] = await this.repo.rounds({ quarter, status: query.status }, page, pageSize);
    const items = await Promise.all(rounds.map(async (r) => roundView(r, await this.repo.countAccounts(r.id), await this.repo.latestEvaluation(r.id))));
    return { items, total, page, pageSize };
  }

  /** The round with its progress and summary (an operator's summary covers their unit only). */
  async get(id: number, actor: Actor): Promise<RoundView> {
    const round = await this.round(id);
    const [count, evaluation, summary] = await Promise.all([this.repo.countAccounts(id), this.repo.latestEvaluation(id), this.summary(round, actor)]);
    return roundView(round, count, evaluation, summary);
  }

  async summary(round: InspectionRound, actor: Actor): Promise<RoundSummary> {
    const only = UnitScope.restriction(actor);
    const rows = await this.repo.accounts(round.id, only === null ? {} : { unitId: only });
    const codes = await this.facts.unitCodes();
    const order = (a: number, b: number) => {
      const [x, y] = [codes.get(a) ?? null, codes.get(b) ?? null];
      if (x === y) return a - b;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    };
    return summarise(
      rows.map((r) => ({ unitId: r.unitId, unitName: r.unitName, platform: r.platform, verdict: r.verdict ?? 'pass', recheck: r.recheck })),
      order,
    );
  }

  async accounts(id: number, query: ListInspectionAccountsQuery, actor: Actor): Promise<{ items: AccountResultView[]; total: number; page: number; pageSize: number }> {
    const round = await this.round(id);
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    const all = await this.repo.accounts(id, { unitId, verdict: query.verdict });
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows = all.slice((page - 1) * pageSize, page * pageSize);
    return { items: await this.views(round, rows), total: all.length, page, pageSize };
  }

  /** Every account of the round as shown (exports), within the actor's scope. */
  async allAccounts(round: InspectionRound, actor?: Actor): Promise<AccountResultView[]> {
    const only = actor ? UnitScope.restriction(actor) : null;
    return this.views(round, await this.repo.accounts(round.id, only === null ? {} : { unitId: only }));
  }

  private async views(round: InspectionRound, rows: Awaited<ReturnType<InspectionsRepository['accounts']>>): Promise<AccountResultView[]> {
    const ids = rows.map((r) => r.accountId);
    const [auto, manual] = await Promise.all([this.repo.itemResults(round.id, ids), this.repo.manualItems(round.id, ids)]);
    const autoOf = groupBy(auto);
    const manualOf = groupBy(manual);
    return rows.map((r) => accountView(round.indicators, r, autoOf.get(r.accountId) ?? [], manualOf.get(r.accountId) ?? []));
  }

  /** Records manual items of one account and re-scores it at once. */
  async putManual(id: number, accountId: number, dto: PutManualItemsDto, actor: Actor): Promise<AccountResultView> {
    const codes = new Set((await this.round(id)).indicators.map((i) => i.code));
    const unknown = dto.items.map((i) => i.code).filter((c) => !codes.has(c));
    if (unknown.length) throw fieldError('items', `检查指标编码 ${[...new Set(unknown)].join('、')} 不在本轮的指标中；可用：${[...codes].join('、')}`);
    const duplicate = dto.items.map((i) => i.code).find((c, i, all) => all.indexOf(c) !== i);
    if (duplicate) throw fieldError('items', `检查指标“${duplicate}”在同一次提交中重复`);
    await this.transactions.run(async (tx) => {
      const round = await this.repo.round(id, tx);
      if (!round) throw new NotFoundException(`检查轮次 ${id} 不存在`);
      if (round.status === 'final') throw new ConflictException(`检查轮次 ${id} 已定稿，结果已冻结，不能再录入人工检查项`);
      const account = await this.repo.account(id, accountId, tx);
      if (!account) throw new NotFoundException(`账号 ${accountId} 不在检查轮次 ${id} 的抽查范围内`);
      await this.repo.putManualItems(tx, id, accountId, dto.items, actor.username);
      await this.evaluation.rescore(tx, round, account);
      await this.audit.record(tx, { subjectType: 'inspection', subjectId: id, action: 'manual_items', actor, changes: { accountId, items: dto.items } });
    });
    const round = await this.round(id);
    const [view] = await this.views(round, [(await this.repo.account(id, accountId))!]);
    return view;
  }

  /** Freezes the round: its stored results stand; later data changes and edits do not alter it. */
  async finalize(id: number, actor: Actor): Promise<RoundView> {
    await this.transactions.run(async (tx) => {
      const round = await this.repo.round(id, tx);
      if (!round) throw new NotFoundException(`检查轮次 ${id} 不存在`);
      if (round.status === 'final') throw new ConflictException(`检查轮次 ${id} 已于 ${new Date(round.finalizedAt!).toISOString()} 定稿`);
      if (await this.repo.activeEvaluation(id, tx)) throw new ConflictException(`检查轮次 ${id} 正在评分，请等评分完成后再定稿`);
      if (!round.evaluatedAt) throw new ConflictException(`检查轮次 ${id} 尚未评分，请先评分再定稿`);
      await this.repo.saveRound(tx, Object.assign(round, { status: 'final', finalizedAt: new Date() }));
      await this.audit.record(tx, { subjectType: 'inspection', subjectId: id, action: 'finalize', actor });
    });
    return this.get(id, actor);
  }

  // ---- what other modules read ----

  /** The failed accounts of a final round with their reasons (for rectification orders). 409 while the round is open. */
  async failedAccounts(id: number): Promise<FailedAccount[]> {
    const round = await this.round(id);
    if (round.status !== 'final') throw new ConflictException(`检查轮次 ${id} 尚未定稿，定稿后才有确定的不合格账号`);
    const views = await this.views(round, await this.repo.accounts(id, { verdict: 'fail' }));
    return views.map((v) => ({
      roundId: round.id,
      quarter: round.quarter,
      accountId: v.accountId,
      name: v.name,
      platform: v.platform,
      unitId: v.unitId,
      unitName: v.unitName,
      score: v.score,
      recheck: v.recheck,
      reasons: v.reasons,
      vetoes: v.vetoes,
      deductions: v.deductions,
    }));
  }

  /** The quarterly report's `inspection`: the quarter's latest final round, or null. */
  async quarterInspection(quarter: string): Promise<{
    id: number;
    passRate: number;
    accounts: number;
    passed: number;
    failed: { accountId: number; name: string; unitId: number; unitName: string; reasons: string[] }[];
  } | null> {
    const round = await this.repo.latestFinal(quarter);
    if (!round) return null;
    const rows = await this.repo.accounts(round.id);
    const summary = summarise(rows.map((r) => ({ unitId: r.unitId, unitName: r.unitName, platform: r.platform, verdict: r.verdict ?? 'pass', recheck: r.recheck })));
    const failed = await this.failedAccounts(round.id);
    return {
      id: round.id,
      passRate: summary.passRate,
      accounts: summary.accounts,
      passed: summary.passed,
      failed: failed.map((f) => ({ accountId: f.accountId, name: f.name, unitId: f.unitId, unitName: f.unitName, reasons: f.reasons })),
    };
  }

  async round(id: number): Promise<InspectionRound> {
    const round = await this.repo.round(id);
    if (!round) throw new NotFoundException(`检查轮次 ${id} 不存在`);
    return round;
  }

  /** Operators may read rounds (their unit's rows only); office files are for the whole area. */
  assertOfficeFile(actor: Actor): void {
    if (actor.role === 'operator') throw new ForbiddenException('检查结果表与通报是面向全区的公文，信息员只能查看本单位的结果（format=json）');
  }

  private parseQuarter(text: unknown): string {
    const quarter = parseQuarter(text);
    if (!quarter) throw new BadRequestException(`季度格式应为 YYYYQn，例如 2023Q3，收到“${String(text ?? '').slice(0, 20)}”`);
    return formatQuarter(quarter);
  }
}

function groupBy<T extends { accountId: number }>(items: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const item of items) {
    const list = map.get(item.accountId);
    if (list) list.push(item);
    else map.set(item.accountId, [item]);
  }
  return map;
}
