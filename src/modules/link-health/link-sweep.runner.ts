import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { isDatabaseUnavailable } from '../../common/database-errors';
import { backoffDelayMs } from '../../common/backoff';
import { ColumnsService, ColumnTarget } from '../columns/columns.service';
import { LinkChecker } from './engine/link-checker';
import { CheckResult } from './engine/types';
import { LINK_CHECKER } from './link-checker.provider';
import { BatchTarget, hostOf, planBatches } from './link-batches';
import { LinkCheckRunsRepository } from './link-check-runs.repository';
import { LinkResultsRecorder } from './link-results.recorder';
import { ResultWriter } from './result-writer';

export const LINK_CHECK_JOB = 'link-check-run';
/** One batch of a run: a host's columns (or a part of a big host's, or several small hosts'), see link-batches.ts. */
export const LINK_CHECK_BATCH_JOB = 'link-check-batch';
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

/**
 * The sweep's jobs ([scale]): a planning job (`link-check-run`) records one `link_check_items`
 * row per column with its batch (link-batches.ts: per host, big hosts split) and enqueues one
 * `link-check-batch` job per batch, so several workers share a sweep. A batch checks its columns
 * still `waiting` and hands each result to the recorder, which applies it and credits its item.
 * A batch retried after its worker died checks only what was not credited, so nothing counts
 * twice and nothing is lost (alerts open once per subject). Newly broken links are re-checked
 * after LINK_CHECK_CONFIRM_DELAY_MS by a delayed confirm job of the batch, so no job sleeps
 * through the delay.
 */
@Injectable()
export class LinkSweepRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LinkHealth');
  /** Batch jobs running in this process, and the run whose site knowledge the checker holds. */
  private activeBatches = 0;
  private cachedRun: number | null = null;

  constructor(
    private readonly runs: LinkCheckRunsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LINK_CHECKER) private readonly checker: LinkChecker,
    private readonly columns: ColumnsService,
    private readonly recorder: LinkResultsRecorder,
  ) {}

  onModuleInit(): void {
    this.queue.process<LinkCheckRunJob>(LINK_CHECK_JOB, (job) => this.plan(job), 1);
    // Enough batches at once to keep the checker's global slots busy with perHost-limited hosts,
    // and then some: a batch ends with its slowest links (timeouts, Retry-After), which hold its
    // job but no request slot, so the next batches must already be under way meanwhile.
    const batches = Math.max(4, Math.ceil(this.config.linkCheckConcurrency / this.config.linkCheckPerHost) * 4);
    this.queue.process<LinkCheckBatchJob>(LINK_CHECK_BATCH_JOB, (job) => this.runBatch(job), batches);
  }

  async onModuleDestroy(): Promise<void> {
    this.checker.close();
    await this.checker.options.hostGate?.close?.();
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
      await this.recorder.flushRun(runId, true);
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
      await this.recorder.flushRun(runId, true);
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
      const targets = await this.recorder.targetsOf(runId, waiting);
      const applied = await this.recorder.appliedIn(runId, targets);
      const writer = new ResultWriter((group) => this.recorder.writeGroup(runId, group));
      let lastSuspect = 0;
      await this.checkWith(writer, targets, async ({ target }, result) => {
        // A link that just broke is checked again before anyone is told (no alert on a blip).
        if (result.health === 'broken' && target.column.health !== 'broken') {
          writer.add({ target, result, confirmation: false, from: 'waiting', to: 'suspect' });
          lastSuspect = Date.now();
        } else {
          await this.recorder.record(writer, runId, target, result, false, 'waiting', applied.has(target.column.id));
        }
      });
      await this.recorder.prune(waiting);
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
    const targets = await this.recorder.targetsOf(runId, suspects);
    const applied = await this.recorder.appliedIn(runId, targets);
    const writer = new ResultWriter((group) => this.recorder.writeGroup(runId, group));
    await this.checkWith(writer, targets, ({ target }, result) => this.recorder.record(writer, runId, target, result, true, 'suspect', applied.has(target.column.id)));
    await this.recorder.prune(suspects);
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
    await this.recorder.flushRun(job.runId, true).catch(() => undefined);
    await this.runs.updateOpen([job.runId], { status: 'failed', finishedAt: new Date(), error: message.slice(0, 1000) });
  }

  /** Id and URL of the columns (the planner needs only their hosts). */
  private async columnUrls(ids: number[]): Promise<BatchTarget[]> {
    return (await this.columns.urls(ids)).map((c) => ({ columnId: c.id, url: c.url }));
  }
}
