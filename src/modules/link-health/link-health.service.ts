import { ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Page, PageQuery } from '../../common/pagination';
import { TransactionRunner } from '../../database/transactions';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { fieldError } from '../../common/validation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue, requireQueue } from '../../queue/job-queue';
import { isDatabaseUnavailable } from '../../common/database-errors';
import { EventBus } from '../../common/events/event-bus';
import { ColumnsService, ColumnTarget } from '../columns/columns.service';
import { UnitsService } from '../units/units.service';
import { LinkChecker } from './engine/link-checker';
import { CheckResult, REASON_LABELS } from './engine/types';
import { RequestLinkCheckDto } from './link-health.dto';
import { LINK_CHECKER } from './link-checker.provider';
import { LinkStatusChangedEvent } from './link-health.events';
import { BatchTarget, hostOf, planBatches } from './link-batches';
import { LinkCheck, LinkCheckItemStatus, LinkCheckRun } from './link-check.entity';
import { LinkCheckRunsRepository } from './link-check-runs.repository';
import { LinkChecksRepository } from './link-checks.repository';
import { AccountColumn } from '../columns/column.entity';
import { backoffDelayMs } from '../../common/backoff';

export const LINK_CHECK_JOB = 'link-check-run';
/** One batch of a run: a host's columns (or a part of a big host's, or several small hosts'), see link-batches.ts. */
export const LINK_CHECK_BATCH_JOB = 'link-check-batch';
const PROGRESS_EVERY_MS = 1_000;
/** A planning or batch job that fails (the database went away) is tried again this many times, with backoff, before the run is marked failed. */
const JOB_ATTEMPTS = 6;
const JOB_BACKOFF_MS = 500;
/** While the database is unreachable a job waits for it (tried again at most this far apart), however long it takes. */
const DB_WAIT_MAX_MS = 10_000;

export interface LinkCheckRunJob {
  runId: number;
  /** Own retries after an error (a killed worker's job is retried by the queue instead). */
  attempt?: number;
  /** Times it was put back while the database was unreachable (these do not use up attempts). */
  waits?: number;
}

export interface LinkCheckBatchJob extends LinkCheckRunJob {
  batch: number;
  /** The confirming re-check of the batch's columns that were found newly broken. */
  confirm?: boolean;
}

/** A group write that loses a deadlock or a lock wait is tried this many times in all. */
const WRITE_ATTEMPTS = 4;

function isLockConflict(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (error as { code?: string })?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}
/** Most results written in one transaction by a batch's group writer. */
const WRITE_GROUP_MAX = 200;

interface PendingResult {
  target: ColumnTarget;
  result: CheckResult;
  confirmation: boolean;
  from: LinkCheckItemStatus;
  to: LinkCheckItemStatus;
}

/**
 * Group commit for one batch job: a result is written as soon as no write is under way, and the
 * results that arrive meanwhile go together in the next transaction. So a quiet batch writes each
 * result at once, a busy one a group per commit (with innodb_flush_log_at_trx_commit=1 every
 * commit is a disk flush), and the checker never waits for the database. `close` waits for the
 * last write and throws the first failure (the batch is then tried again: nothing is credited twice).
 */
class ResultWriter {
  private pending: PendingResult[] = [];
  private writing: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(private readonly write: (group: PendingResult[]) => Promise<void>) {}

  add(result: PendingResult): void {
    if (this.failure) return; // the batch is tried again: what was not written is checked again
    this.pending.push(result);
    // Cleared in a callback, so never before the assignment (drain may end without awaiting).
    if (!this.writing) this.writing = this.drain().finally(() => (this.writing = null));
  }

  /** A write failed: the batch will be tried again, so checking more of it is wasted. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** Waits for the write under way (if any); what is pending is written first. */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    await this.idle();
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    while (this.pending.length && !this.failure) {
      const group = this.pending.splice(0, WRITE_GROUP_MAX);
      try {
        await this.write(group);
      } catch (error) {
        this.failure = error;
      }
    }
  }
}

/**
 * Link health: runs (sweeps) over columns, their results and history; a link that breaks or
 * recovers is told as LinkStatusChangedEvent (`link_broken` alerts follow). The only writer of `link_check_runs`, `link_check_items` and `link_checks`.
 *
 * A run is checked through the job queue ([scale]): a planning job (`link-check-run`) records
 * one `link_check_items` row per column with its batch (link-batches.ts: per host, big hosts
 * split) and enqueues one `link-check-batch` job per batch, so several workers share a sweep.
 * A batch checks its columns still `waiting`, applies each result and credits its item; the run
 * counters are recomputed from the items. A batch retried after its worker died checks only what
 * was not credited, so nothing counts twice and nothing is lost (alerts open once per subject).
 * Newly broken links are re-checked after LINK_CHECK_CONFIRM_DELAY_MS by a delayed confirm job
 * of the batch, so no job sleeps through the delay.
 */
@Injectable()
export class LinkHealthService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LinkHealth');
  /** Batch jobs running in this process, and the run whose site knowledge the checker holds. */
  private activeBatches = 0;
  private cachedRun: number | null = null;
  private readonly lastFlush = new Map<number, number>();

  constructor(
    private readonly runs: LinkCheckRunsRepository,
    private readonly checks: LinkChecksRepository,
    private readonly transactions: TransactionRunner,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LINK_CHECKER) private readonly checker: LinkChecker,
    private readonly columns: ColumnsService,
    private readonly units: UnitsService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.queue.process<LinkCheckRunJob>(LINK_CHECK_JOB, (job) => this.plan(job), 1);
    // Enough batches at once to keep the checker's global slots busy with perHost-limited hosts,
    // and then some: a batch ends with its slowest links (timeouts, Retry-After), which hold its
    // job but no request slot, so the next batches must already be under way meanwhile.
    const batches = Math.max(4, Math.ceil(this.config.linkCheckConcurrency / this.config.linkCheckPerHost) * 4);
    this.queue.process<LinkCheckBatchJob>(LINK_CHECK_BATCH_JOB, (job) => this.runBatch(job), batches);
  }

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
    for (const { id } of interrupted) await this.flushRun(id, true);
    const affected = await this.runs.updateOpen(
      interrupted.map((r) => r.id),
      { status: 'failed', error: '服务重启,检测中断;请重新发起检测', finishedAt: new Date() },
    );
    if (affected) this.logger.warn(`marked ${affected} interrupted link-check run(s) as failed`);
  }

  async onModuleDestroy(): Promise<void> {
    this.checker.close();
    await this.checker.options.hostGate?.close?.();
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

  /**
   * The planning job: records the run's items and batches once (one transaction), then enqueues
   * every batch that still has work. Run again (a retry, a worker that died after planning) it
   * plans nothing new and re-enqueues what is left; batch job ids keep a batch from running twice at once.
   */
  async plan(job: LinkCheckRunJob): Promise<void> {
    const { runId } = job;
    try {
      // Inside the try: a retried job may start while the database is still away.
      const run = await this.runs.findById(runId);
      if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
      if (!(await this.runs.hasItems(runId))) {
        const ids = run.columnIds ?? (await this.columns.idsFor({ unitId: run.unitId }));
        const targets = await this.columnUrls(ids);
        const batches = planBatches(targets, this.config.linkCheckBatchSize);
        const startedAt = run.startedAt ?? new Date();
        const rows = [...batches].flatMap(([batch, columnIds]) => columnIds.map((columnId) => ({ runId, columnId, batch, status: 'waiting' as const })));
        await this.runs.plan(runId, rows, startedAt);
        const hosts = new Set(targets.map((t) => hostOf(t.url))).size;
        this.logger.log(`link check run ${runId} planned: ${targets.length} columns, ${hosts} hosts, ${batches.size} batches (pid ${process.pid})`);
      }
      for (const batch of await this.runs.openBatches(runId)) {
        await this.queue.enqueue<LinkCheckBatchJob>(LINK_CHECK_BATCH_JOB, { runId, batch }, { jobId: `${runId}:${batch}` });
      }
      await this.flushRun(runId, true);
    } catch (error) {
      await this.retryOrFail(LINK_CHECK_JOB, job, { jobId: String(runId) }, error);
    }
  }

  /**
   * A batch job: checks the batch's columns still waiting (or, as the confirm job, re-checks the
   * ones found newly broken), applies and credits each result, and brings the run counters up to date.
   */
  async runBatch(job: LinkCheckBatchJob): Promise<void> {
    const { runId, batch } = job;
    this.activeBatches++;
    try {
      // Inside the try: a retried batch may start while the database is still away.
      if ((await this.runs.statusOf(runId)) !== 'running') return;
      if (this.cachedRun !== runId && this.activeBatches === 1) {
        // What the checker learned about sites (fingerprints, HEAD habits) is kept for one sweep.
        this.checker.resetCaches();
        this.cachedRun = runId;
      }
      if (job.confirm) await this.confirmBatch(runId, batch);
      else await this.checkBatch(runId, batch);
      await this.flushRun(runId, true);
    } catch (error) {
      await this.retryOrFail(LINK_CHECK_BATCH_JOB, job, { jobId: `${runId}:${batch}${job.confirm ? ':confirm' : ''}` }, error);
    } finally {
      this.activeBatches--;
    }
  }

  private async checkBatch(runId: number, batch: number): Promise<void> {
    const items = await this.runs.batchItems(runId, batch);
    const waiting = items.filter((i) => i.status === 'waiting').map((i) => i.columnId);
    if (waiting.length) {
      const resumed = waiting.length < items.length;
      this.logger.log(`link check run ${runId} batch ${batch} ${resumed ? 'resumed' : 'started'}: ${waiting.length} of ${items.length} columns (pid ${process.pid})`);
      const targets = await this.targetsOf(runId, waiting);
      const applied = await this.appliedIn(runId, targets);
      const writer = new ResultWriter((group) => this.writeGroup(runId, group));
      let lastSuspect = 0;
      await this.checkWith(writer, targets, async ({ target }, result) => {
        // A link that just broke is checked again before anyone is told (no alert on a blip).
        if (result.health === 'broken' && target.column.health !== 'broken') {
          writer.add({ target, result, confirmation: false, from: 'waiting', to: 'suspect' });
          lastSuspect = Date.now();
        } else {
          await this.record(writer, runId, target, result, false, 'waiting', applied.has(target.column.id));
        }
      });
      await this.prune(waiting);
      if (lastSuspect) {
        await this.enqueueConfirm(runId, batch, this.config.linkCheckConfirmDelayMs - (Date.now() - lastSuspect));
        return;
      }
    }
    // Suspects left by an attempt that died before it could enqueue their confirmation.
    if (items.some((i) => i.status === 'suspect')) await this.enqueueConfirm(runId, batch, this.config.linkCheckConfirmDelayMs);
  }

  private async confirmBatch(runId: number, batch: number): Promise<void> {
    const suspects = (await this.runs.batchItems(runId, batch, 'suspect')).map((i) => i.columnId);
    if (!suspects.length) return;
    this.logger.log(`link check run ${runId} batch ${batch} confirming ${suspects.length} newly broken column(s) (pid ${process.pid})`);
    const targets = await this.targetsOf(runId, suspects);
    const applied = await this.appliedIn(runId, targets);
    const writer = new ResultWriter((group) => this.writeGroup(runId, group));
    await this.checkWith(writer, targets, ({ target }, result) => this.record(writer, runId, target, result, true, 'suspect', applied.has(target.column.id)));
    await this.prune(suspects);
  }

  /**
   * Checks the targets, results through `writer`; stops taking links once a write failed, and
   * returns (or throws) only when nothing of the batch is still checking or writing, so the
   * batch's retry never runs beside it.
   */
  private async checkWith(writer: ResultWriter, targets: ColumnTarget[], onResult: (item: { target: ColumnTarget }, result: CheckResult) => Promise<void> | void): Promise<void> {
    try {
      await this.checker.checkAll(
        targets.map((target) => ({ url: target.column.url, target })),
        onResult,
        () => writer.failed,
      );
    } catch (error) {
      await writer.idle();
      throw error;
    }
    await writer.close();
  }

  private async enqueueConfirm(runId: number, batch: number, delayMs: number): Promise<void> {
    await this.queue.enqueue<LinkCheckBatchJob>(LINK_CHECK_BATCH_JOB, { runId, batch, confirm: true }, { jobId: `${runId}:${batch}:confirm`, delayMs: Math.max(0, delayMs) });
  }

  /** The columns of these items; items whose column was deleted meanwhile leave the run (total shrinks). */
  private async targetsOf(runId: number, columnIds: number[]): Promise<ColumnTarget[]> {
    const targets = await this.columns.targets(columnIds);
    const found = new Set(targets.map((t) => t.column.id));
    const gone = columnIds.filter((id) => !found.has(id));
    if (gone.length) {
      await this.runs.removeItems(runId, gone);
      // Every column of the run deleted meanwhile: nothing is left to check or count.
      if (!(await this.runs.hasItems(runId))) {
        await this.runs.updateRunning(runId, { total: 0, done: 0, ok: 0, broken: 0, unverifiable: 0, status: 'done', finishedAt: new Date() });
      }
    }
    return targets;
  }

  /**
   * Columns among these to which this run already applied a result (their last check is one of
   * the run's) although their item was not credited: the worker died in between. Their alert
   * may or may not have been raised, so the retry makes sure of it instead of comparing with a
   * state the run itself wrote.
   */
  private async appliedIn(runId: number, targets: ColumnTarget[]): Promise<Set<number>> {
    const lastChecked = new Map(targets.map((t) => [t.column.id, t.column.lastCheckedAt?.getTime() ?? null]));
    const applied = new Set<number>();
    const ids = [...lastChecked.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      for (const row of await this.checks.checkedInRun(runId, ids.slice(i, i + 500))) {
        if (row.checkedAt && lastChecked.get(row.columnId) === row.checkedAt.getTime()) applied.add(row.columnId);
      }
    }
    return applied;
  }

  /**
   * Stores a result, applies it to its column and credits the run's item. A result that changes
   * nothing to alert about (most of them) goes to the batch's group writer: one transaction for
   * the results that arrived meanwhile. One that opens or resolves an alert is written on its
   * own, alert before credit, so a worker that dies in between leaves the item to be checked
   * again and the alert is made sure of then (raise and resolve are idempotent).
   */
  private async record(
    writer: ResultWriter,
    runId: number,
    target: ColumnTarget,
    result: CheckResult,
    confirmation: boolean,
    from: LinkCheckItemStatus,
    reapply: boolean,
  ): Promise<void> {
    if (!this.alertChange(target, result, reapply)) {
      writer.add({ target, result, confirmation, from, to: result.health });
      return;
    }
    await this.store(target, result, runId, confirmation);
    await this.apply(target, result, reapply);
    await this.mark(runId, target.column.id, from, result.health);
    await this.flushRun(runId);
  }

  /**
   * One transaction (one commit): the group's results stored, applied to their columns, their
   * items moved on. Columns in id order (the same lock order in every writer); a transaction that
   * loses a deadlock or a lock wait is tried again as a whole.
   */
  private async writeGroup(runId: number, group: PendingResult[]): Promise<void> {
    group.sort((a, b) => a.target.column.id - b.target.column.id);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.writeGroupOnce(runId, group);
        break;
      } catch (error) {
        if (attempt >= WRITE_ATTEMPTS || !isLockConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
      }
    }
    await this.flushRun(runId);
  }

  private async writeGroupOnce(runId: number, group: PendingResult[]): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.checks.insert(
        group.map((p) => this.checkRow(p.target, p.result, runId, p.confirmation)),
        tx,
      );
      for (const p of group) if (p.to !== 'suspect') await this.columns.recordHealth(p.target.column, this.healthPatch(p.target, p.result), tx);
      const moves = new Map<string, number[]>();
      for (const p of group) moves.set(`${p.from}>${p.to}`, [...(moves.get(`${p.from}>${p.to}`) ?? []), p.target.column.id]);
      for (const [move, columnIds] of moves) {
        const [from, to] = move.split('>');
        await this.runs.moveItems(runId, columnIds, from as LinkCheckItemStatus, to as LinkCheckItemStatus, tx);
      }
    });
  }

  private async mark(runId: number, columnId: number, from: LinkCheckItemStatus, to: LinkCheckItemStatus): Promise<void> {
    await this.runs.moveItems(runId, [columnId], from, to);
  }

  /**
   * The job failed (most likely the database went away): tried again with backoff, then the run
   * is marked failed with what it has counted, so nobody waits on it forever.
   */
  private async retryOrFail<T extends LinkCheckRunJob>(name: string, job: T, options: { jobId: string }, error: unknown): Promise<void> {
    const attempt = job.attempt ?? 0;
    const message = error instanceof Error ? error.message : String(error);
    // The database away: the job waits for it (like a poll), so an outage of any length neither
    // fails the sweep nor, failing to record that, leaves it running for good.
    if (isDatabaseUnavailable(error)) {
      const waits = (job.waits ?? 0) + 1;
      if (waits === 1) this.logger.warn(`link check run ${job.runId} (${name}): the database is unavailable (${message}); waiting for it`);
      await this.queue.enqueue<T>(
        name,
        { ...job, waits },
        { jobId: `${options.jobId}:wait${waits}`, delayMs: backoffDelayMs(Math.min(waits - 1, 10), { baseMs: JOB_BACKOFF_MS, maxMs: DB_WAIT_MAX_MS }) },
      );
      return;
    }
    if (attempt + 1 < JOB_ATTEMPTS) {
      this.logger.warn(`link check run ${job.runId} (${name}) failed, trying again: ${message}`);
      await this.queue.enqueue<T>(
        name,
        { ...job, attempt: attempt + 1 },
        { jobId: `${options.jobId}:retry${attempt + 1}`, delayMs: backoffDelayMs(attempt, { baseMs: JOB_BACKOFF_MS }) },
      );
      return;
    }
    this.logger.error(`link check run ${job.runId} failed: ${error instanceof Error ? error.stack : message}`);
    await this.flushRun(job.runId, true).catch(() => undefined);
    await this.runs.updateOpen([job.runId], { status: 'failed', finishedAt: new Date(), error: message.slice(0, 1000) });
  }

  /**
   * Recomputes the run's counters from its items and marks it done when every item is finished.
   * Idempotent and process-independent: each batch flushes after its last credit, so whichever
   * process credits last sees every item finished. At most once a second per run while a batch runs.
   */
  private async flushRun(runId: number, force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - (this.lastFlush.get(runId) ?? 0) < PROGRESS_EVERY_MS) return;
    this.lastFlush.set(runId, now);
    if (this.lastFlush.size > 100) this.lastFlush.delete(this.lastFlush.keys().next().value as number);
    // A plain read (no locks: counting inside the UPDATE would take shared locks on the items that
    // the batches are crediting, and deadlock with them on MySQL), then one conditional write.
    const rows = await this.runs.itemCounts(runId);
    if (!rows.length) return; // not planned (or planned before items existed): nothing to count from
    const count = (status: LinkCheckItemStatus) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
    const counters = { total, done: count('ok') + count('broken') + count('unverifiable'), ok: count('ok'), broken: count('broken'), unverifiable: count('unverifiable') };
    const finished = counters.done >= total;
    // Every process writes what it counted; a stale count may briefly stand until the next flush,
    // but the run is marked done only by a count that saw every item finished, and never again after.
    await this.runs.setCounters(runId, { ...counters, ...(finished ? { status: 'done' as const, finishedAt: new Date() } : {}) });
  }

  /** Id and URL of the columns (the planner needs only their hosts). */
  private async columnUrls(ids: number[]): Promise<BatchTarget[]> {
    return (await this.columns.urls(ids)).map((c) => ({ columnId: c.id, url: c.url }));
  }

  private async store(target: ColumnTarget, result: CheckResult, runId: number | null, confirmation: boolean): Promise<void> {
    await this.checks.insert([this.checkRow(target, result, runId, confirmation)]);
  }

  private checkRow(target: ColumnTarget, result: CheckResult, runId: number | null, confirmation: boolean): Partial<LinkCheck> {
    return {
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
    };
  }

  /**
   * Whether applying the result opens or resolves the column's alert (a change of state, never
   * per check). `reapply`: this run already applied a result to the column (a retried batch), so
   * its current state says nothing about a change: the alert is made to match the result.
   */
  private alertChange(target: ColumnTarget, result: CheckResult, reapply: boolean): boolean {
    const previous = target.column.health;
    // A column never checked (new, or its URL changed: its alert was resolved then) has none to resolve.
    return (result.health === 'broken' && (previous !== 'broken' || reapply)) || (result.health === 'ok' && (reapply || (previous !== 'ok' && previous !== 'unknown')));
  }

  private healthPatch(
    target: ColumnTarget,
    result: CheckResult,
  ): Pick<AccountColumn, 'health' | 'lastCheckedAt' | 'lastHttpStatus' | 'lastReason' | 'lastFinalUrl' | 'brokenSince'> {
    const { column } = target;
    const previous = column.health;
    const now = result.checkedAt;
    const brokenSince = result.health === 'broken' ? (previous === 'broken' ? (column.brokenSince ?? now) : now) : result.health === 'ok' ? null : column.brokenSince;
    return {
      health: result.health,
      lastCheckedAt: result.checkedAt,
      lastHttpStatus: result.httpStatus,
      lastReason: result.reason,
      lastFinalUrl: result.finalUrl?.slice(0, 2000) ?? null,
      brokenSince,
    };
  }

  /** Updates the column and, when `alertChange` says so, tells LinkStatusChangedEvent (awaited: alerts follow it; a failure fails the batch). */
  private async apply(target: ColumnTarget, result: CheckResult, reapply = false): Promise<void> {
    const { column } = target;
    const stored = await this.columns.recordHealth(column, this.healthPatch(target, result));
    if (!stored || !this.alertChange(target, result, reapply)) return; // deleted or re-pointed while we checked
    const { id, accountId, name, url } = column;
    const health = result.health === 'broken' ? 'broken' : 'ok';
    await this.bus.emitRequired(new LinkStatusChangedEvent({ id, accountId, name, url }, target.unitId, target.accountName, health, result));
  }

  /** Keeps the newest LINK_CHECK_RETENTION results per column (link-checks.repository.ts). */
  private async prune(columnIds: number[]): Promise<void> {
    await this.checks.prune(columnIds, this.config.linkCheckRetention);
  }

  /** Runs currently queued or running (for health pages). */
  active(): Promise<LinkCheckRun[]> {
    return this.runs.open();
  }
}
