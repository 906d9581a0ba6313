import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { formatTime } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isDatabaseUnavailable } from '../../common/database-errors';
import { EventBus } from '../../common/events/event-bus';
import type { WindowStore } from '../../common/window-store';
import { WINDOW_STORE } from '../../common/window-store.module';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { JOB_QUEUE, JobQueue, requireQueue } from '../../queue/job-queue';
import type { Account } from '../accounts/account.entity';
import { AccountsRepository } from '../accounts/accounts.repository';
import { PostsService } from '../posts/posts.service';
import type { AccountSource } from '../sources/account-source.entity';
import { SourcesRepository } from '../sources/sources.repository';
import { SourcesService } from '../sources/sources.service';
import { SourceHttpClient } from '../source-kinds/http-client';
import { PostSource, SourceError } from '../source-kinds/post-source';
import { sourceKindRegistry } from '../source-kinds/source-kind-registry';
import { PollRun, PollRunTrigger } from './poll-run.entity';
import { PollRunsRepository } from './poll-runs.repository';
import { PollFailedEvent, PollRecoveredEvent } from './polling.events';
import { afterFailure, nextAfterSuccess, POLLED_STATES } from './schedule';
import { backoffDelayMs } from '../../common/backoff';

export const POLL_JOB = 'poll';

export interface PollJob {
  accountId: number;
  runId?: number;
}

export interface PollOutcome {
  ok: boolean;
  newPosts: number;
  error?: string;
}

/** Run counters are recomputed from poll_run_items at most this often while jobs run (and when a process goes idle). */
const RUN_FLUSH_MS = 500;
/** …or after this many credited jobs in this process. */
const RUN_FLUSH_EVERY = 200;
const ITEM_INSERT_CHUNK = 500;
/** While the database is unreachable a poll job waits for it: first retry after this, doubling up to the cap. */
const DB_RETRY_BASE_MS = 250;
const DB_RETRY_MAX_MS = 5_000;

/**
 * Polls accounts through their platform source: one `poll` job per account (jobId = account
 * id) on the JOB_QUEUE; records progress on poll runs and the source's polling state, and
 * tells PollFailedEvent / PollRecoveredEvent (the `poll_failing` / `source_config` alerts follow).
 */
@Injectable()
export class PollingService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PollingService');
  readonly http: SourceHttpClient;
  /** The adapter of each polled kind, made on first use (source-kinds registry). */
  private readonly adapters = new Map<string, PostSource>();
  /** Poll jobs running in this process, and credits since the last run-counter flush. */
  private inFlight = 0;
  private creditsSinceFlush = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  /** A flush queued behind the running one (callers share it), and the tail of the chain. */
  private pendingFlush: Promise<void> | null = null;
  private flushTail: Promise<void> = Promise.resolve();
  /** The last run-counter flush failed (logged once until one succeeds). */
  private flushFailing = false;
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly runs: PollRunsRepository,
    private readonly sourceRows: SourcesRepository,
    private readonly accounts: AccountsRepository,
    private readonly sources: SourcesService,
    private readonly posts: PostsService,
    private readonly bus: EventBus,
    @Inject(WINDOW_STORE) windows: WindowStore,
  ) {
    this.http = new SourceHttpClient({
      allowPrivate: config.sourceAllowPrivate,
      timeoutMs: config.sourceTimeoutMs,
      maxBytes: config.sourceMaxBytes,
      budgets: config.pollBudgets,
      // Queue mode: the platform budgets hold for all workers together (counted in Redis).
      sharedBudgets: config.redisUrl ? windows : undefined,
    });
  }

  onModuleInit(): void {
    this.queue.process<PollJob>(POLL_JOB, (job) => this.runJob(job), this.config.pollConcurrency);
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.creditsSinceFlush) await this.flushRuns().catch(() => undefined);
  }

  /**
   * Runs a stopped process left running can never finish with the in-process queue: a run whose
   * every account was polled is done; the others are failed, their unpolled accounts failed, and
   * their counters recounted from the items (the process may have died before a flush).
   */
  async onApplicationBootstrap(): Promise<void> {
    // In queue mode a worker may be running them (and a dead worker's polls are retried).
    if (this.queue.driver !== 'local') return;
    await this.updateRunCounters();
    const interrupted = await this.runs.runningIds();
    if (!interrupted.length) return;
    await this.runs.failWaitingItems(interrupted);
    await this.updateRunCounters(interrupted);
    // Runs from before poll_run_items keep their counters.
    await this.runs.updateRunning(interrupted, { status: 'failed', finishedAt: new Date() });
    this.logger.warn(`marked ${interrupted.length} interrupted poll run(s) as failed`);
  }

  /** POST /api/polls: a run over the given accounts (or every polled account in scope). */
  async request(accountIds: number[] | undefined, actor: Actor): Promise<{ id: number; status: string; total: number }> {
    let ids: number[];
    if (accountIds) {
      const accounts = await this.accounts.statesOf(accountIds);
      const found = new Map(accounts.map((a) => [a.id, a]));
      const missing = accountIds.filter((id) => !found.has(id));
      if (missing.length) throw new NotFoundException(`账号不存在：${missing.slice(0, 10).join('、')}`);
      for (const account of accounts) UnitScope.assertAccess(actor, account.unitId);
      const sources = await this.sourceRows.kindsOf(accountIds);
      const pollable = new Set(sources.filter((s) => sourceKindRegistry.isPolled(s.kind)).map((s) => s.accountId));
      const unpollable = accountIds.filter((id) => !pollable.has(id));
      if (unpollable.length)
        throw new ConflictException(
          `以下账号未设置可自动采集的来源（${sourceKindRegistry
            .polledKinds()
            .map((kind) => sourceKindRegistry.require(kind).label)
            .join('、')}）：${unpollable.slice(0, 10).join('、')}；请先设置采集来源或使用导入`,
        );
      ids = accountIds;
    } else {
      const unitId = UnitScope.restriction(actor);
      const accounts = await this.accounts.statesOf(await this.sourceRows.accountIdsOfKinds(sourceKindRegistry.polledKinds()));
      ids = accounts.filter((a) => (POLLED_STATES as readonly string[]).includes(a.state) && (unitId === null || a.unitId === unitId)).map((a) => a.id);
    }
    await requireQueue(this.queue);
    const run = await this.startRun(ids, 'manual', actor.id);
    return { id: run.id, status: run.status, total: run.total };
  }

  /** A run; operators see only the runs they asked for (a run may span several units). */
  async getRun(id: number, actor: Actor): Promise<PollRun> {
    const run = await this.runs.findById(id);
    if (!run) throw new NotFoundException(`采集任务 ${id} 不存在`);
    if (actor.role === 'operator' && run.requestedById !== actor.id) throw new ForbiddenException('信息员只能查看自己发起的采集任务');
    return run;
  }

  /** Creates a run record and enqueues one job per account. */
  async startRun(accountIds: number[], trigger: PollRunTrigger, requestedById: number | null): Promise<PollRun> {
    const now = new Date();
    const run = await this.runs.insert({
      status: accountIds.length ? 'running' : 'done',
      trigger,
      total: accountIds.length,
      succeeded: 0,
      failed: 0,
      newPosts: 0,
      requestedById,
      startedAt: now,
      finishedAt: accountIds.length ? null : now,
    });
    // The items first: a job already queued for an account (from another run, in any process)
    // credits every run whose item for that account is still waiting.
    const unique = [...new Set(accountIds)];
    for (let i = 0; i < unique.length; i += ITEM_INSERT_CHUNK) {
      const values = unique.slice(i, i + ITEM_INSERT_CHUNK).map((accountId) => ({ runId: run.id, accountId, status: 'waiting' as const, newPosts: 0 }));
      await this.runs.insertItems(values);
    }
    if (unique.length !== accountIds.length) await this.runs.setTotal(run.id, unique.length);
    run.total = unique.length;
    // One job per account: a job already waiting for the account answers this run too; one already
    // running fetched before this run was asked for, so a job is kept to run after it.
    for (const accountId of unique) {
      await this.queue.enqueue<PollJob>(POLL_JOB, { accountId, runId: run.id }, { jobId: String(accountId), queueBehindRunning: true });
    }
    return run;
  }

  private async runJob(job: PollJob): Promise<void> {
    this.inFlight++;
    try {
      // A poll the database interrupted is taken up again once it answers (posts are stored
      // before the cursor moves, so nothing read is lost), and its outcome is always credited:
      // a run never stays running because the database was away for a while.
      // The poll answers the runs waiting for the account when it starts, never one asked for
      // while it fetches (that one gets the job kept behind this one). A job with no run left
      // waiting (a job before it answered them all) has nothing to do.
      const runIds = await this.whileDatabaseDown(`poll of account ${job.accountId}`, () => this.waitingRuns(job.accountId));
      if (job.runId !== undefined && !runIds.length) return;
      const progress = { inserted: 0 };
      const outcome = await this.whileDatabaseDown(`poll of account ${job.accountId}`, () => this.pollOrFail(job.accountId, progress));
      await this.whileDatabaseDown(`credit of the poll of account ${job.accountId}`, () => this.credit(job.accountId, runIds, outcome));
    } finally {
      this.inFlight--;
    }
    // The last job running in this process (or every RUN_FLUSH_EVERY jobs) brings the run
    // counters up to date before it returns, so a drained queue means finished runs.
    if (this.inFlight === 0 || this.creditsSinceFlush >= RUN_FLUSH_EVERY) await this.flushRuns().catch((e: unknown) => this.flushFailed(e));
    else this.scheduleFlush();
  }

  /** pollAccount, with an unexpected error as a failed outcome (the database being away is thrown: the job waits for it). */
  private async pollOrFail(accountId: number, progress: { inserted: number }): Promise<PollOutcome> {
    try {
      return await this.pollAccount(accountId, progress);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`poll of account ${accountId} failed unexpectedly: ${message}`);
      return { ok: false, newPosts: 0, error: message };
    }
  }

  /** Runs `step`; while the database is unreachable, runs it again (backoff up to DB_RETRY_MAX_MS) until it answers or the process stops. */
  private async whileDatabaseDown<T>(what: string, step: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (!isDatabaseUnavailable(error) || this.closing) throw error;
        if (attempt === 0) this.logger.warn(`${what}: the database is unavailable (${error instanceof Error ? error.message : String(error)}); waiting for it`);
        await new Promise<void>((resolve) => setTimeout(resolve, backoffDelayMs(attempt, { baseMs: DB_RETRY_BASE_MS, maxMs: DB_RETRY_MAX_MS })).unref());
      }
    }
  }

  /** The runs still waiting for this account's poll. */
  private async waitingRuns(accountId: number): Promise<number[]> {
    return this.runs.waitingRunIds(accountId);
  }

  /** Credits the outcome to the runs the poll answers, where still waiting (one UPDATE, any process). */
  private async credit(accountId: number, runIds: number[], outcome: PollOutcome): Promise<void> {
    if (!runIds.length) return;
    await this.runs.creditItems(accountId, runIds, outcome.ok ? 'succeeded' : 'failed', outcome.ok ? Math.max(0, Math.floor(outcome.newPosts)) : 0);
    this.creditsSinceFlush++;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushRuns().catch((e: unknown) => this.flushFailed(e));
    }, RUN_FLUSH_MS);
    this.flushTimer.unref();
  }

  /** A failed flush is tried again later: the credits it would count are stored, only the run counters wait. */
  private flushFailed(error: unknown): void {
    if (!this.flushFailing) this.logger.error(`poll run progress update failed, trying again: ${error instanceof Error ? error.message : String(error)}`);
    this.flushFailing = true;
    if (!this.closing) this.scheduleFlush();
  }

  /**
   * Recomputes the counters of running runs from their items and marks complete ones done.
   * Idempotent and process-independent: every flush starts after the credits before it
   * committed, and each process flushes after its last credit, so the last run reaches done.
   */
  flushRuns(): Promise<void> {
    if (this.pendingFlush) return this.pendingFlush;
    const flush = this.flushTail.then(async () => {
      this.pendingFlush = null;
      this.creditsSinceFlush = 0;
      await this.updateRunCounters();
      this.flushFailing = false;
    });
    this.pendingFlush = flush;
    this.flushTail = flush.catch(() => undefined);
    return flush;
  }

  /**
   * Counters from the items for every running run; `interrupted`: only these runs, which end failed.
   * A plain read, then one conditional write per run: counting inside the UPDATE would take shared
   * locks on the items that jobs are crediting, and deadlock with them on MySQL (as it did for
   * link runs). A run is marked done only by a count that saw every item finished.
   */
  private async updateRunCounters(interrupted?: number[]): Promise<void> {
    const counts = new Map<number, { succeeded: number; failed: number; waiting: number; newPosts: number }>();
    for (const row of await this.runs.itemCounts(interrupted)) {
      const run = counts.get(Number(row.runId)) ?? { succeeded: 0, failed: 0, waiting: 0, newPosts: 0 };
      run[row.status] += Number(row.n);
      run.newPosts += Number(row.newPosts);
      counts.set(Number(row.runId), run);
    }
    const now = new Date();
    for (const [runId, { succeeded, failed, waiting, newPosts }] of counts) {
      const ends = interrupted ? { status: 'failed' as const, finishedAt: now } : waiting === 0 ? { status: 'done' as const, finishedAt: now } : {};
      await this.runs.updateRunning([runId], { succeeded, failed, newPosts, ...ends });
    }
  }

  /**
   * Polls one account now and records the outcome on its source. `progress` counts the posts
   * stored across attempts (an attempt the database cut short after storing posts is taken up
   * again: the posts it stored are known then, but still new to this job).
   */
  async pollAccount(accountId: number, progress = { inserted: 0 }): Promise<PollOutcome> {
    const source = await this.sourceRows.findByAccount(accountId);
    const [account] = source ? await this.accounts.findByIds([accountId]) : [];
    if (!source || !account) return { ok: false, newPosts: 0, error: '账号或采集来源不存在' };
    const adapter = this.adapterOf(source.kind);
    if (!adapter) return { ok: false, newPosts: 0, error: `类型 ${source.kind} 不自动采集` };
    const now = new Date();
    if (source.pausedUntil && source.pausedUntil > now) {
      return { ok: false, newPosts: 0, error: `采集已暂停至 ${formatTime(source.pausedUntil, this.config.appTimezone)}（${source.lastError ?? '平台限额'}）` };
    }
    try {
      const settings = this.sources.settingsOf(source);
      const result = await adapter.poll({
        settings,
        cursor: source.cursor,
        http: this.http,
        known: (ids) => this.posts.known(accountId, ids),
        now,
        timeZone: this.config.appTimezone,
        budget: account.platform,
      });
      const saved = result.posts.length ? await this.posts.saveNew(accountId, source.kind, result.posts) : { inserted: 0 };
      progress.inserted += saved.inserted;
      await this.sources.recordPoll(accountId, {
        cursor: result.cursor,
        consecutiveFailures: 0,
        lastPolledAt: now,
        lastSuccessAt: now,
        lastError: null,
        lastErrorKind: null,
        pausedUntil: null,
        nextPollAt: nextAfterSuccess(now, account.state, this.config),
      });
      if (source.consecutiveFailures > 0 || source.lastErrorKind) await this.bus.emitRequired(new PollRecoveredEvent(accountId));
      return { ok: true, newPosts: progress.inserted };
    } catch (error) {
      const failure = error instanceof SourceError ? error : new SourceError('transient', error instanceof Error ? error.message : String(error));
      await this.recordFailure(source, account, failure, now);
      return { ok: false, newPosts: 0, error: failure.message };
    }
  }

  private async recordFailure(source: AccountSource, account: Pick<Account, 'id' | 'unitId' | 'name'>, failure: SourceError, now: Date): Promise<void> {
    const { failures, nextPollAt, pausedUntil } = afterFailure(failure, source.consecutiveFailures, now, this.config);
    await this.sources.recordPoll(source.accountId, {
      consecutiveFailures: failures,
      lastPolledAt: now,
      lastError: failure.message.slice(0, 1000),
      lastErrorKind: failure.kind,
      nextPollAt,
      pausedUntil,
    });
    this.logger.warn(`poll of account ${source.accountId} (${source.kind}) failed [${failure.kind}${failure.code !== null ? ` ${failure.code}` : ''}]: ${failure.message}`);
    // Alerts follow (`source_config`, `poll_failing` from POLL_FAILURE_ALERT_THRESHOLD on); awaited, a failure fails the poll.
    await this.bus.emitRequired(new PollFailedEvent(account, { kind: failure.kind, code: failure.code, message: failure.message }, failures));
  }

  private adapterOf(kind: string): PostSource | undefined {
    const adapter = this.adapters.get(kind) ?? sourceKindRegistry.get(kind)?.createSource?.();
    if (adapter) this.adapters.set(kind, adapter);
    return adapter;
  }

  /** Accounts whose next poll is due (scheduler). */
  async due(now: Date, limit: number): Promise<{ accountId: number; state: string }[]> {
    // Due sources a page at a time, longest due first; those of accounts no longer polled are skipped.
    const due: { accountId: number; state: string }[] = [];
    for (let skip = 0; due.length < limit; skip += limit) {
      const ids = await this.sourceRows.due(sourceKindRegistry.polledKinds(), now, limit, skip);
      const states = new Map((await this.accounts.statesOf(ids)).map((a) => [a.id, a.state]));
      for (const accountId of ids) {
        const state = states.get(accountId);
        if (state && (POLLED_STATES as readonly string[]).includes(state) && due.length < limit) due.push({ accountId, state });
      }
      if (ids.length < limit) break;
    }
    return due;
  }
}
