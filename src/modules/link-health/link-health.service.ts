import { ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { Page, PageQuery } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { JOB_QUEUE, JobQueue, requireQueue } from '../../queue/job-queue';
import { ColumnsService } from '../columns/columns.service';
import { UnitsService } from '../units/units.service';
import { REASON_LABELS } from './engine/types';
import { RequestLinkCheckDto } from './link-health.dto';
import { LinkCheck, LinkCheckRun } from './link-check.entity';
import { LinkCheckRunsRepository } from './link-check-runs.repository';
import { LinkChecksRepository } from './link-checks.repository';
import { LinkResultsRecorder } from './link-results.recorder';
import { LINK_CHECK_JOB, LinkCheckRunJob } from './link-sweep.runner';

// The job names and payloads belong to the runner; exported here too for the callers that know this file.
export { LINK_CHECK_BATCH_JOB, LINK_CHECK_JOB } from './link-sweep.runner';
export type { LinkCheckBatchJob, LinkCheckRunJob } from './link-sweep.runner';

/**
 * Link health: runs (sweeps) over columns, their results and history; a link that breaks or
 * recovers is told as LinkStatusChangedEvent (`link_broken` alerts follow). The only writer of
 * `link_check_runs`, `link_check_items` and `link_checks`, in three parts: this service (starting
 * runs, reading runs and results), the sweep runner (link-sweep.runner.ts: the planning and batch
 * jobs) and the results recorder (link-results.recorder.ts: results applied, items credited,
 * counters recomputed).
 */
@Injectable()
export class LinkHealthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('LinkHealth');

  constructor(
    private readonly runs: LinkCheckRunsRepository,
    private readonly checks: LinkChecksRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly columns: ColumnsService,
    private readonly units: UnitsService,
    private readonly recorder: LinkResultsRecorder,
  ) {}

  /**
   * Runs left queued or running by a process that stopped mid-run can never finish with the
   * in-process queue: they are marked failed at start so nobody waits on them. (In queue mode a
   * killed worker's batch jobs are retried by another worker instead.)
   */
  async onApplicationBootstrap(): Promise<void> {
    // In queue mode another process may be running them: a stalled batch is resumed by a worker instead.
    if (this.queue.driver !== 'local') return;
    const interrupted = await this.runs.open();
    if (!interrupted.length) return;
    // Their counters as the items say (progress is written at most once a second while a batch runs).
    for (const { id } of interrupted) await this.recorder.flushRun(id, true);
    const affected = await this.runs.updateOpen(
      interrupted.map((r) => r.id),
      { status: 'failed', error: '服务重启，检测中断；请重新发起检测', finishedAt: new Date() },
    );
    if (affected) this.logger.warn(`marked ${affected} interrupted link-check run(s) as failed`);
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
    await requireQueue(this.queue);
    const run = await this.createRun('manual', ids, unitId, actor.id, dto.columnIds ? ids : null);
    return { id: run.id, status: run.status };
  }

  /** The scheduled sweep: every column. */
  async startScheduledSweep(): Promise<LinkCheckRun> {
    const ids = await this.columns.idsFor({});
    return this.createRun('schedule', ids, null, null, null);
  }

  async getRun(id: number, actor: Actor): Promise<LinkCheckRun> {
    const run = await this.runs.findById(id);
    if (!run) throw new NotFoundException(`检测任务 ${id} 不存在`);
    if (actor.role === 'operator' && run.requestedBy !== actor.id && run.unitId !== actor.unitId) {
      throw new ForbiddenException('信息员只能查看本单位的检测任务');
    }
    return run;
  }

  async listRuns(query: PageQuery, actor: Actor): Promise<Page<LinkCheckRun>> {
    return this.runs.list(query, actor.role === 'operator' ? { unitId: actor.unitId ?? -1, userId: actor.id } : undefined);
  }

  /** GET /api/columns/:id/checks: recent results, newest first. */
  async history(columnId: number, query: PageQuery, actor: Actor): Promise<Page<LinkCheck & { reasonText: string }>> {
    await this.columns.requireVisible(columnId, actor);
    return this.checks.ofColumn(columnId, query, (k) => ({ ...k, reasonText: REASON_LABELS[k.reason as keyof typeof REASON_LABELS] ?? k.reason }));
  }

  private async createRun(trigger: LinkCheckRun['trigger'], ids: number[], unitId: number | null, requestedBy: number | null, columnIds: number[] | null): Promise<LinkCheckRun> {
    const run = await this.runs.insert({
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
    });
    await this.queue.enqueue<LinkCheckRunJob>(LINK_CHECK_JOB, { runId: run.id }, { jobId: String(run.id) });
    return run;
  }

  /** Runs currently queued or running (for health pages). */
  active(): Promise<LinkCheckRun[]> {
    return this.runs.open();
  }
}
