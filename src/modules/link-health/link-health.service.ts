import { ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { Page, PageQuery, paginate } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { AlertsService } from '../alerts/alerts.service';
import { ColumnsService, ColumnTarget } from '../columns/columns.service';
import { UnitsService } from '../units/units.service';
import { LinkChecker } from './engine/link-checker';
import { sleep } from './engine/limiter';
import { CheckResult, REASON_LABELS } from './engine/types';
import { RequestLinkCheckDto } from './link-health.dto';
import { LINK_CHECKER } from './link-checker.provider';
import { LinkCheck, LinkCheckRun } from './link-check.entity';
import { AccountColumn } from '../columns/column.entity';

export const LINK_CHECK_JOB = 'link-check-run';
const PROGRESS_EVERY_MS = 1_000;

interface RunCounters {
  done: number;
  ok: number;
  broken: number;
  unverifiable: number;
}

/**
 * Link health: runs (sweeps) over columns, their results and history, and the
 * `link_broken` alerts. The only writer of `link_check_runs` and `link_checks`.
 */
@Injectable()
export class LinkHealthService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LinkHealth');

  constructor(
    @InjectRepository(LinkCheckRun) private readonly runs: Repository<LinkCheckRun>,
    @InjectRepository(LinkCheck) private readonly checks: Repository<LinkCheck>,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LINK_CHECKER) private readonly checker: LinkChecker,
    private readonly columns: ColumnsService,
    private readonly units: UnitsService,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit(): void {
    this.queue.process<{ runId: number }>(LINK_CHECK_JOB, (job) => this.execute(job.runId), 1);
  }

  /**
   * Runs left queued or running by a process that stopped mid-run can never finish with the
   * in-process queue: they are marked failed at start so nobody waits on them. (Queue mode
   * with several workers recovers stalled jobs instead; see the [scale] issue.)
   */
  async onApplicationBootstrap(): Promise<void> {
    // In queue mode another process may be running them: a stalled run is resumed by a worker instead.
    if (this.queue.driver !== 'local') return;
    const result = await this.runs.update({ status: In(['queued', 'running']) }, { status: 'failed', error: '服务重启,检测中断;请重新发起检测', finishedAt: new Date() });
    if (result.affected) this.logger.warn(`marked ${result.affected} interrupted link-check run(s) as failed`);
  }

  onModuleDestroy(): void {
    this.checker.close();
  }

  /** POST /api/link-checks: a run over the given columns, a unit's, or (reviewer/admin) all. */
  async request(dto: RequestLinkCheckDto, actor: Actor): Promise<{ id: number; status: string }> {
    let unitId = UnitScope.effectiveUnitFilter(actor, dto.unitId) ?? null;
    if (dto.unitId !== undefined && !(await this.units.findByIds([dto.unitId])).length) throw fieldError('unitId', `单位 ${dto.unitId} 不存在`);
    let ids: number[];
    if (dto.columnIds) {
      const wanted = [...new Set(dto.columnIds)];
      const unitsOf = await this.columns.unitsOf(wanted);
      const missing = wanted.filter((id) => !unitsOf.has(id));
      if (missing.length) throw new NotFoundException(`栏目 ${missing.slice(0, 10).join('、')} 不存在`);
      for (const columnUnit of unitsOf.values()) UnitScope.assertAccess(actor, columnUnit);
      if (unitId !== null && [...unitsOf.values()].some((u) => u !== unitId)) throw fieldError('columnIds', '所选栏目不全属于该单位');
      ids = wanted.sort((a, b) => a - b);
      if (actor.role !== 'operator') unitId = dto.unitId ?? null;
    } else {
      ids = await this.columns.idsFor({ unitId });
    }
    const run = await this.createRun('manual', ids, unitId, actor.id, dto.columnIds ? ids : null);
    return { id: run.id, status: run.status };
  }

  /** The scheduled sweep: every column. */
  async startScheduledSweep(): Promise<LinkCheckRun> {
    const ids = await this.columns.idsFor({});
    return this.createRun('schedule', ids, null, null, null);
  }

  async getRun(id: number, actor: Actor): Promise<LinkCheckRun> {
    const run = await this.runs.findOne({ where: { id } });
    if (!run) throw new NotFoundException(`检测任务 ${id} 不存在`);
    if (actor.role === 'operator' && run.requestedBy !== actor.id && run.unitId !== actor.unitId) {
      throw new ForbiddenException('信息员只能查看本单位的检测任务');
    }
    return run;
  }

  async listRuns(query: PageQuery, actor: Actor): Promise<Page<LinkCheckRun>> {
    const qb = this.runs.createQueryBuilder('r').orderBy('r.id', 'DESC');
    if (actor.role === 'operator') qb.andWhere('(r.unitId = :unitId OR r.requestedBy = :me)', { unitId: actor.unitId ?? -1, me: actor.id });
    return paginate(qb, query);
  }

  /** GET /api/columns/:id/checks: recent results, newest first. */
  async history(columnId: number, query: PageQuery, actor: Actor): Promise<Page<LinkCheck & { reasonText: string }>> {
    await this.columns.requireVisible(columnId, actor);
    const qb = this.checks.createQueryBuilder('k').where('k.columnId = :columnId', { columnId }).orderBy('k.id', 'DESC');
    return paginate(qb, query, (k) => ({ ...k, reasonText: REASON_LABELS[k.reason as keyof typeof REASON_LABELS] ?? k.reason }));
  }

  private async createRun(trigger: LinkCheckRun['trigger'], ids: number[], unitId: number | null, requestedBy: number | null, columnIds: number[] | null): Promise<LinkCheckRun> {
    const run = await this.runs.save(
      this.runs.create({
        status: 'queued',
        trigger,
        unitId,
        columnIds,
        requestedBy,
        total: ids.length,
        done: 0,
        ok: 0,
        broken: 0,
        unverifiable: 0,
        error: null,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
      }),
    );
    await this.queue.enqueue(LINK_CHECK_JOB, { runId: run.id }, { jobId: String(run.id) });
    return run;
  }

  /** The job: check every column of the run, confirm fresh failures, store, alert. */
  async execute(runId: number): Promise<void> {
    const run = await this.runs.findOne({ where: { id: runId } });
    // A run found `running` is resumed: its worker died mid-run and the queue handed the job on.
    if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
    const resumed = run.status === 'running';
    if (!resumed) await this.runs.update(runId, { status: 'running', startedAt: new Date() });
    this.logger.log(`link check run ${runId} ${resumed ? 'resumed' : 'started'} (pid ${process.pid})`);
    const counters: RunCounters = { done: 0, ok: 0, broken: 0, unverifiable: 0 };
    let lastFlush = Date.now();
    const flush = async (force = false) => {
      if (!force && Date.now() - lastFlush < PROGRESS_EVERY_MS) return;
      lastFlush = Date.now();
      await this.runs.update(runId, { ...counters });
    };
    try {
      const ids = run.columnIds ?? (await this.columns.idsFor({ unitId: run.unitId }));
      const allTargets = await this.columns.targets(ids);
      if (allTargets.length !== run.total) await this.runs.update(runId, { total: allTargets.length });
      // Columns this run already settled (before a worker died) count once and are not checked again.
      const settled = resumed ? await this.settledIn(runId) : new Map<number, LinkCheck['health']>();
      const targets = allTargets.filter((t) => !settled.has(t.column.id));
      for (const t of allTargets) {
        const health = settled.get(t.column.id);
        if (!health) continue;
        counters.done++;
        counters[health]++;
      }
      await flush(true);
      this.checker.resetCaches();
      const suspects: { target: ColumnTarget; first: CheckResult; at: number }[] = [];
      const settle = async (target: ColumnTarget, result: CheckResult) => {
        await this.apply(target, result);
        counters.done++;
        counters[result.health]++;
        await flush();
      };
      await this.checker.checkAll(
        targets.map((target) => ({ url: target.column.url, target })),
        async ({ target }, result) => {
          await this.store(target, result, runId, false);
          // A link that just broke is checked again before anyone is told (no alert on a blip).
          if (result.health === 'broken' && target.column.health !== 'broken') suspects.push({ target, first: result, at: Date.now() });
          else await settle(target, result);
        },
      );
      if (suspects.length) {
        await sleep(this.config.linkCheckConfirmDelayMs - (Date.now() - suspects[suspects.length - 1].at));
        await this.checker.checkAll(
          suspects.map((s) => ({ url: s.target.column.url, target: s.target })),
          async ({ target }, result) => {
            await this.store(target, result, runId, true);
            await settle(target, result);
          },
        );
      }
      await this.prune(allTargets.map((t) => t.column.id));
      await this.runs.update(runId, { ...counters, status: 'done', finishedAt: new Date() });
    } catch (error) {
      this.logger.error(`link check run ${runId} failed: ${error instanceof Error ? error.stack : String(error)}`);
      await this.runs.update(runId, { ...counters, status: 'failed', finishedAt: new Date(), error: (error instanceof Error ? error.message : String(error)).slice(0, 1000) });
    }
  }

  /**
   * Columns whose result from this run was applied: the column's last check is one of the
   * run's results (a stored first check awaiting confirmation does not count).
   */
  private async settledIn(runId: number): Promise<Map<number, LinkCheck['health']>> {
    const rows = await this.checks
      .createQueryBuilder('k')
      .innerJoin(AccountColumn, 'c', 'c.id = k.columnId AND c.lastCheckedAt = k.checkedAt')
      .select('k.columnId', 'columnId')
      .addSelect('k.health', 'health')
      .where('k.runId = :runId', { runId })
      .getRawMany<{ columnId: number | string; health: LinkCheck['health'] }>();
    return new Map(rows.map((r) => [Number(r.columnId), r.health]));
  }

  private async store(target: ColumnTarget, result: CheckResult, runId: number | null, confirmation: boolean): Promise<void> {
    await this.checks.insert({
      columnId: target.column.id,
      runId,
      health: result.health,
      reason: result.reason,
      httpStatus: result.httpStatus,
      finalUrl: result.finalUrl?.slice(0, 2000) ?? null,
      redirects: result.redirects,
      requests: result.requests,
      durationMs: result.durationMs,
      confirmation,
      detail: result.detail?.slice(0, 500) ?? null,
      checkedAt: result.checkedAt,
    });
  }

  /** Updates the column and opens/resolves its alert on a change of state (never per check). */
  private async apply(target: ColumnTarget, result: CheckResult): Promise<void> {
    const { column } = target;
    const previous = column.health;
    const now = result.checkedAt;
    const brokenSince = result.health === 'broken' ? (previous === 'broken' ? column.brokenSince ?? now : now) : result.health === 'ok' ? null : column.brokenSince;
    const stored = await this.columns.recordHealth(column, {
      health: result.health,
      lastCheckedAt: result.checkedAt,
      lastHttpStatus: result.httpStatus,
      lastReason: result.reason,
      lastFinalUrl: result.finalUrl?.slice(0, 2000) ?? null,
      brokenSince,
    });
    if (!stored) return; // deleted or re-pointed while we checked
    const subject = { kind: 'link_broken' as const, subjectType: 'column', subjectId: column.id };
    if (result.health === 'broken' && previous !== 'broken') {
      const status = result.httpStatus ? `(HTTP ${result.httpStatus})` : '';
      await this.alerts.raise({
        ...subject,
        unitId: target.unitId,
        message: `栏目“${column.name}”${target.accountName ? `(${target.accountName})` : ''}链接无法访问:${REASON_LABELS[result.reason]}${status} ${column.url}`,
        details: { columnId: column.id, accountId: column.accountId, url: column.url, finalUrl: result.finalUrl, httpStatus: result.httpStatus, reason: result.reason },
      });
    } else if (result.health === 'ok' && previous !== 'ok') {
      await this.alerts.resolve(subject);
    }
  }

  /** Keeps the newest LINK_CHECK_RETENTION results per column. */
  private async prune(columnIds: number[]): Promise<void> {
    const keep = this.config.linkCheckRetention;
    for (let i = 0; i < columnIds.length; i += 500) {
      const chunk = columnIds.slice(i, i + 500);
      const over = await this.checks
        .createQueryBuilder('k')
        .select('k.columnId', 'columnId')
        .where('k.columnId IN (:...chunk)', { chunk })
        .groupBy('k.columnId')
        .having('COUNT(*) > :keep', { keep })
        .getRawMany<{ columnId: number | string }>();
      for (const row of over) {
        const columnId = Number(row.columnId);
        const cutoff = await this.checks.find({ where: { columnId }, order: { id: 'DESC' }, skip: keep - 1, take: 1, select: { id: true } });
        if (cutoff.length) await this.checks.delete({ columnId, id: LessThan(cutoff[0].id) });
      }
    }
  }

  /** Runs currently queued or running (for health pages). */
  active(): Promise<LinkCheckRun[]> {
    return this.runs.find({ where: { status: In(['queued', 'running']) } });
  }
}
