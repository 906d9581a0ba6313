import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { Account } from '../accounts/account.entity';
import { AlertsService } from '../alerts/alerts.service';
import { PostsService } from '../posts/posts.service';
import { AccountSource } from '../sources/account-source.entity';
import { SourcesService } from '../sources/sources.service';
import { createSources, PlatformSource, SourceError, SourceHttpClient, SourceKind, WechatTokenCache } from './adapters';
import { PollRun, PollRunTrigger } from './poll-run.entity';
import { nextAfterFailure, nextAfterSuccess, POLLED_STATES } from './schedule';

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

const POLLED_KINDS: SourceKind[] = ['feed', 'wechat_api', 'weibo_api'];

/**
 * Polls accounts through their platform source: one `poll` job per account (jobId = account
 * id) on the JOB_QUEUE; records progress on poll runs, the source's polling state, and
 * `poll_failing` / `source_config` alerts.
 */
@Injectable()
export class PollingService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('PollingService');
  readonly http: SourceHttpClient;
  private readonly adapters: Partial<Record<SourceKind, PlatformSource>>;
  /** Runs waiting for an account's job (a job deduplicated by jobId credits every run). */
  private readonly waitingRuns = new Map<number, number[]>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @InjectRepository(PollRun) private readonly runs: Repository<PollRun>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: SourcesService,
    private readonly posts: PostsService,
    private readonly alerts: AlertsService,
  ) {
    this.http = new SourceHttpClient({ allowPrivate: config.sourceAllowPrivate, timeoutMs: config.sourceTimeoutMs, maxBytes: config.sourceMaxBytes, budgets: config.pollBudgets });
    this.adapters = createSources(new WechatTokenCache());
  }

  onModuleInit(): void {
    this.queue.process<PollJob>(POLL_JOB, (job) => this.runJob(job), this.config.pollConcurrency);
  }

  /** Runs a stopped process left running can never finish with the in-process queue. */
  async onApplicationBootstrap(): Promise<void> {
    // In queue mode a worker may be running them (and a dead worker's polls are retried).
    if (this.queue.driver !== 'local') return;
    const result = await this.runs.update({ status: 'running' }, { status: 'failed', finishedAt: new Date() });
    if (result.affected) this.logger.warn(`marked ${result.affected} interrupted poll run(s) as failed`);
  }

  /** POST /api/polls: a run over the given accounts (or every polled account in scope). */
  async request(accountIds: number[] | undefined, actor: Actor): Promise<{ id: number; status: string; total: number }> {
    let ids: number[];
    if (accountIds) {
      const accounts = accountIds.length ? await this.dataSource.getRepository(Account).find({ where: { id: In(accountIds) }, select: { id: true, unitId: true } }) : [];
      const found = new Map(accounts.map((a) => [a.id, a]));
      const missing = accountIds.filter((id) => !found.has(id));
      if (missing.length) throw new NotFoundException(`账号不存在:${missing.slice(0, 10).join('、')}`);
      for (const account of accounts) UnitScope.assertAccess(actor, account.unitId);
      const sources = await this.dataSource.getRepository(AccountSource).find({ where: { accountId: In(accountIds) }, select: { accountId: true, kind: true } });
      const pollable = new Set(sources.filter((s) => POLLED_KINDS.includes(s.kind)).map((s) => s.accountId));
      const unpollable = accountIds.filter((id) => !pollable.has(id));
      if (unpollable.length) throw new ConflictException(`以下账号未设置可自动采集的来源(feed、wechat_api、weibo_api):${unpollable.slice(0, 10).join('、')};请先设置采集来源或使用导入`);
      ids = accountIds;
    } else {
      const qb = this.dataSource
        .createQueryBuilder(AccountSource, 's')
        .innerJoin(Account, 'a', 'a.id = s.accountId')
        .select('s.accountId', 'id')
        .where('s.kind IN (:...kinds)', { kinds: POLLED_KINDS })
        .andWhere('a.state IN (:...states)', { states: POLLED_STATES });
      const unitId = UnitScope.restriction(actor);
      if (unitId !== null) qb.andWhere('a.unitId = :unitId', { unitId });
      ids = (await qb.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
    }
    const run = await this.startRun(ids, 'manual', actor.id);
    return { id: run.id, status: run.status, total: run.total };
  }

  /** A run; operators see only the runs they asked for (a run may span several units). */
  async getRun(id: number, actor: Actor): Promise<PollRun> {
    const run = await this.runs.findOne({ where: { id } });
    if (!run) throw new NotFoundException(`采集任务 ${id} 不存在`);
    if (actor.role === 'operator' && run.requestedById !== actor.id) throw new ForbiddenException('信息员只能查看自己发起的采集任务');
    return run;
  }

  /** Creates a run record and enqueues one job per account. */
  async startRun(accountIds: number[], trigger: PollRunTrigger, requestedById: number | null): Promise<PollRun> {
    const now = new Date();
    const run = await this.runs.save(this.runs.create({ status: accountIds.length ? 'running' : 'done', trigger, total: accountIds.length, succeeded: 0, failed: 0, newPosts: 0, requestedById, startedAt: now, finishedAt: accountIds.length ? null : now }));
    for (const accountId of accountIds) {
      const waiting = this.waitingRuns.get(accountId);
      if (waiting) waiting.push(run.id);
      else this.waitingRuns.set(accountId, [run.id]);
      await this.queue.enqueue<PollJob>(POLL_JOB, { accountId, runId: run.id }, { jobId: String(accountId) });
    }
    return run;
  }

  private async runJob(job: PollJob): Promise<void> {
    let outcome: PollOutcome;
    try {
      outcome = await this.pollAccount(job.accountId);
    } catch (error) {
      outcome = { ok: false, newPosts: 0, error: error instanceof Error ? error.message : String(error) };
      this.logger.warn(`poll of account ${job.accountId} failed unexpectedly: ${outcome.error}`);
    }
    const runs = this.waitingRuns.get(job.accountId) ?? (job.runId ? [job.runId] : []);
    this.waitingRuns.delete(job.accountId);
    for (const runId of runs) await this.credit(runId, outcome);
  }

  private async credit(runId: number, outcome: PollOutcome): Promise<void> {
    const qb = this.dataSource.createQueryBuilder().update(PollRun).where('id = :id', { id: runId });
    if (outcome.ok) await qb.set({ succeeded: () => 'succeeded + 1', newPosts: () => `new_posts + ${Math.max(0, Math.floor(outcome.newPosts))}` }).execute();
    else await qb.set({ failed: () => 'failed + 1' }).execute();
    await this.dataSource
      .createQueryBuilder()
      .update(PollRun)
      .set({ status: 'done', finishedAt: new Date() })
      .where('id = :id AND status = :running AND succeeded + failed >= total', { id: runId, running: 'running' })
      .execute();
  }

  /** Polls one account now and records the outcome on its source. */
  async pollAccount(accountId: number): Promise<PollOutcome> {
    const source = await this.sources.find(accountId);
    const account = await this.dataSource.getRepository(Account).findOne({ where: { id: accountId }, select: { id: true, unitId: true, platform: true, state: true, name: true } });
    if (!source || !account) return { ok: false, newPosts: 0, error: '账号或采集来源不存在' };
    const adapter = this.adapters[source.kind];
    if (!adapter) return { ok: false, newPosts: 0, error: `类型 ${source.kind} 不自动采集` };
    const now = new Date();
    if (source.pausedUntil && source.pausedUntil > now) {
      return { ok: false, newPosts: 0, error: `采集已暂停至 ${source.pausedUntil.toISOString()}(${source.lastError ?? '平台限额'})` };
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
      if (source.consecutiveFailures > 0 || source.lastErrorKind) {
        await this.alerts.resolve({ kind: 'poll_failing', subjectType: 'account', subjectId: accountId });
        await this.alerts.resolve({ kind: 'source_config', subjectType: 'account', subjectId: accountId });
      }
      return { ok: true, newPosts: saved.inserted };
    } catch (error) {
      const failure = error instanceof SourceError ? error : new SourceError('transient', error instanceof Error ? error.message : String(error));
      await this.recordFailure(source, account, failure, now);
      return { ok: false, newPosts: 0, error: failure.message };
    }
  }

  private async recordFailure(source: AccountSource, account: Pick<Account, 'id' | 'unitId' | 'name'>, failure: SourceError, now: Date): Promise<void> {
    // Rate limits and quotas are the platform's pace, not a broken source: they do not count.
    const counts = failure.kind === 'transient' || failure.kind === 'config';
    const failures = source.consecutiveFailures + (counts ? 1 : 0);
    let nextPollAt: Date;
    let pausedUntil: Date | null = null;
    if (failure.kind === 'config') nextPollAt = new Date(now.getTime() + 24 * 3_600_000);
    else if (failure.kind === 'quota') nextPollAt = pausedUntil = failure.retryAt ?? new Date(now.getTime() + 24 * 3_600_000);
    else if (failure.kind === 'rate_limited') nextPollAt = failure.retryAt ?? nextAfterFailure(now, Math.max(1, failures), this.config);
    else {
      const backoff = nextAfterFailure(now, failures, this.config);
      nextPollAt = failure.retryAt && failure.retryAt > backoff ? failure.retryAt : backoff;
    }
    await this.sources.recordPoll(source.accountId, { consecutiveFailures: failures, lastPolledAt: now, lastError: failure.message.slice(0, 1000), lastErrorKind: failure.kind, nextPollAt, pausedUntil });
    this.logger.warn(`poll of account ${source.accountId} (${source.kind}) failed [${failure.kind}${failure.code !== null ? ` ${failure.code}` : ''}]: ${failure.message}`);
    if (failure.kind === 'config') {
      await this.alerts.raise({ kind: 'source_config', subjectType: 'account', subjectId: account.id, unitId: account.unitId, message: `账号“${account.name}”采集配置有误:${failure.message}`, details: { code: failure.code } });
    }
    if (failures >= this.config.pollFailureAlertThreshold) {
      await this.alerts.raise({ kind: 'poll_failing', subjectType: 'account', subjectId: account.id, unitId: account.unitId, message: `账号“${account.name}”连续 ${failures} 次采集失败:${failure.message}`, details: { failures, kind: failure.kind } });
    }
  }

  /** Accounts whose next poll is due (scheduler). */
  async due(now: Date, limit: number): Promise<{ accountId: number; state: string }[]> {
    const rows = await this.dataSource
      .createQueryBuilder(AccountSource, 's')
      .innerJoin(Account, 'a', 'a.id = s.accountId')
      .select('s.accountId', 'accountId')
      .addSelect('a.state', 'state')
      .where('s.kind IN (:...kinds)', { kinds: POLLED_KINDS })
      .andWhere('a.state IN (:...states)', { states: POLLED_STATES })
      .andWhere('s.nextPollAt IS NOT NULL AND s.nextPollAt <= :now', { now })
      .andWhere('(s.pausedUntil IS NULL OR s.pausedUntil <= :now)', { now })
      .orderBy('s.nextPollAt', 'ASC')
      .limit(limit)
      .getRawMany<{ accountId: number | string; state: string }>();
    return rows.map((r) => ({ accountId: Number(r.accountId), state: r.state }));
  }
}
