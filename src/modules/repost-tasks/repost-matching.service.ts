import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { formatTime } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EventBus } from '../../common/events/event-bus';
import { enqueueDetached, JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { TransactionRunner } from '../../database/transactions';
import type { Account } from '../accounts/account.entity';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AlertsService } from '../alerts/alerts.service';
import { PostsStoredEvent, PostsStoringEvent } from '../posts/posts.events';
import { PostsRepository } from '../posts/posts.repository';
import { UnitsService } from '../units/units.service';
import { CandidatePost, matchAccount, prepareTask, RepostStatus, worstStatus } from './matching/match';
import { RepostTask } from './repost-task.entity';
import { RepostConfirmationsRepository, RepostMatchPendingRepository, RepostResultsRepository, RepostTasksRepository } from './repost-tasks.repository';

/**
 * One matching job at a time for all dirty accounts; one asked for while it runs (it may have
 * looked at the pending rows already) runs after it.
 */
const MATCH_JOB_OPTIONS = { jobId: 'dirty-accounts', retries: 2, queueBehindRunning: true };

export const REPOST_MATCH_JOB = 'repost-match';
const CHUNK = 500;
/** The scheduled check leaves tasks due longer ago than this alone (their alerts stay until done). */
const REMINDER_LOOKBACK_DAYS = 30;

/** Pending accounts matched per pass of the job (the job loops until none is left). */
const PENDING_PASS = 5_000;

/**
 * Recomputes the stored per-account results of a task (`repost_task_results`) and keeps the
 * `repost_due` alerts in step. Runs when a task or its confirmations change (directly) and
 * when posts arrive (through the job queue), and for tasks near their due time on a schedule.
 *
 * Accounts with new posts wait in `repost_match_pending` (not in a process's memory), so the
 * `repost-match` job can run on any worker and a process that dies loses nothing: a job that
 * stops midway is retried (or the next one finds the rows still there).
 */
@Injectable()
export class RepostMatchingService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('RepostMatching');
  /** One recompute per task at a time (in this process). */
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly tasks: RepostTasksRepository,
    private readonly results: RepostResultsRepository,
    private readonly confirmations: RepostConfirmationsRepository,
    private readonly pending: RepostMatchPendingRepository,
    private readonly accounts: AccountsRepository,
    private readonly posts: PostsRepository,
    private readonly units: UnitsService,
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly alerts: AlertsService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.queue.process(REPOST_MATCH_JOB, () => this.matchDirtyAccounts());
    // The account is recorded as pending in the transaction that stores its posts (nothing can
    // come between them), and the match job is asked for once they are committed.
    this.bus.on(PostsStoringEvent, (event) => this.markPending(event));
    this.bus.on(PostsStoredEvent, () => enqueueDetached(this.queue, this.logger, REPOST_MATCH_JOB, {}, MATCH_JOB_OPTIONS));
  }

  /** Accounts left pending (a process stopped before matching them): matched now. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runJobs) return;
    if (await this.pending.exists()) await this.enqueueMatch();
  }

  private async markPending(event: PostsStoringEvent): Promise<void> {
    await this.pending.mark(event.tx, event.accountId, event.latestPublishedAt.getTime());
  }

  private enqueueMatch(): Promise<void> {
    return this.queue.enqueue(REPOST_MATCH_JOB, {}, MATCH_JOB_OPTIONS);
  }

  /**
   * The job: recomputes every task an account with new posts may now have done, then removes
   * the rows it matched (unless new posts bumped them meanwhile). Loops until nothing is left.
   */
  async matchDirtyAccounts(): Promise<void> {
    for (;;) {
      const batch = await this.pending.batch(PENDING_PASS);
      if (!batch.length) return;
      const taskIds = new Set<number>();
      for (let i = 0; i < batch.length; i += CHUNK) {
        const chunk = batch.slice(i, i + CHUNK);
        const latest = new Date(Math.max(...chunk.map((p) => Number(p.latestMs))));
        const ids = await this.results.openTaskIdsOf(
          chunk.map((p) => p.accountId),
          latest,
        );
        for (const id of ids) taskIds.add(id);
      }
      for (const taskId of taskIds) await this.recompute(taskId);
      await this.pending.removeMatched(batch);
    }
  }

  /**
   * Recomputes one task's results and syncs its reminders. Serialised per task. Alerts are
   * raised only by the reminder check (`raise`); every recompute resolves what no longer holds.
   */
  async recompute(taskId: number, now = new Date(), raise = false): Promise<void> {
    const previous = this.running.get(taskId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.doRecompute(taskId, now, raise));
    this.running.set(taskId, next);
    try {
      await next;
    } finally {
      if (this.running.get(taskId) === next) this.running.delete(taskId);
    }
  }

  /** The accounts a task requires: see README (Design notes) for the rules. */
  async requiredAccounts(task: RepostTask): Promise<Account[]> {
    let unitIds = task.unitIds;
    if (!unitIds) {
      unitIds = (await this.units.all()).filter((u) => u.status === 'active').map((u) => u.id);
    }
    if (!unitIds.length) return [];
    const accounts: Account[] = [];
    for (let i = 0; i < unitIds.length; i += CHUNK) {
      accounts.push(...(await this.accounts.runningBetween(unitIds.slice(i, i + CHUNK), task.issuedAt, task.dueAt, task.platforms)));
    }
    return accounts;
  }

  private async doRecompute(taskId: number, now: Date, raise: boolean): Promise<void> {
    const task = await this.tasks.findById(taskId);
    if (!task) return;
    const accounts = await this.requiredAccounts(task);
    const accountIds = accounts.map((a) => a.id);
    const postsByAccount = new Map<number, CandidatePost[]>();
    for (let i = 0; i < accountIds.length; i += CHUNK) {
      const rows = await this.posts.publishedSince(accountIds.slice(i, i + CHUNK), task.issuedAt);
      for (const p of rows) {
        const list = postsByAccount.get(p.accountId) ?? [];
        list.push({ id: p.id, title: p.title, url: p.url, sourceUrl: p.sourceUrl, publishedAt: p.publishedAt, isRepost: !!p.isRepost });
        postsByAccount.set(p.accountId, list);
      }
    }
    const confirmations = await this.confirmations.ofTask(taskId);
    const active = confirmations.filter((c) => !c.revokedAt);
    const prepared = prepareTask(task, this.config.repostTitleThreshold);
    const computedAt = new Date();
    const results = accounts.map((account) => {
      const outcome = matchAccount(
        prepared,
        postsByAccount.get(account.id) ?? [],
        active.filter((c) => c.accountId === account.id),
      );
      return {
        taskId,
        accountId: account.id,
        unitId: account.unitId,
        status: outcome.status,
        matchedBy: outcome.evidence?.matchedBy ?? null,
        postId: outcome.evidence?.postId ?? null,
        confirmationId: outcome.evidence?.confirmationId ?? null,
        evidenceUrl: outcome.evidence?.url?.slice(0, 2000) ?? null,
        postedAt: outcome.evidence?.postedAt ?? null,
        computedAt,
      };
    });
    const previousUnits = await this.transactions.run(async (tx) => {
      const before = await this.results.replace(tx, taskId, results);
      await this.tasks.setComputedAt(tx, taskId, computedAt);
      return before;
    });
    const unitStatus = new Map<number, RepostStatus[]>();
    for (const r of results) unitStatus.set(r.unitId, [...(unitStatus.get(r.unitId) ?? []), r.status]);
    await this.syncAlerts(task, new Map([...unitStatus].map(([unitId, statuses]) => [unitId, worstStatus(statuses)])), previousUnits, now, raise);
  }

  /**
   * `repost_due`, one per (task, unit): open while the unit is still missing the task from
   * REPOST_REMINDER_HOURS before the due time on; resolved when it is done (or late), or no
   * longer required.
   */
  private async syncAlerts(task: RepostTask, units: Map<number, RepostStatus>, previousUnits: number[], now: Date, raise: boolean): Promise<void> {
    const inWindow = now.getTime() >= task.dueAt.getTime() - this.config.repostReminderHours * 3600_000;
    const subject = (unitId: number) => ({ kind: 'repost_due' as const, subjectType: 'repost_task', subjectId: `${task.id}:${unitId}` });
    const toRaise = [...units].filter(([, status]) => raise && inWindow && status === 'missing').map(([unitId]) => unitId);
    const names = new Map((await this.units.findByIds(toRaise)).map((u) => [u.id, u.name]));
    const due = formatTime(task.dueAt, this.config.appTimezone);
    for (const [unitId] of units) {
      try {
        if (toRaise.includes(unitId)) {
          const overdue = now.getTime() > task.dueAt.getTime();
          await this.alerts.raise({
            ...subject(unitId),
            unitId,
            message: `${names.get(unitId) ?? `单位 ${unitId}`}${overdue ? '已逾期未完成' : '尚未完成'}转发任务“${task.title.slice(0, 200)}”（截止 ${due}）`,
            details: { taskId: task.id, dueAt: task.dueAt.toISOString() },
          });
        } else if (!inWindow || units.get(unitId) !== 'missing') await this.alerts.resolve(subject(unitId));
      } catch (error) {
        this.logger.warn(`repost_due alert for task ${task.id} unit ${unitId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const unitId of previousUnits) if (!units.has(unitId)) await this.alerts.resolve(subject(unitId));
  }

  /**
   * The scheduled check (and what tests call): recomputes every task whose reminder window
   * has begun and that is not long past due, which raises or resolves its `repost_due` alerts.
   */
  async checkReminders(now = new Date()): Promise<{ tasks: number }> {
    const windowStart = new Date(now.getTime() + this.config.repostReminderHours * 3600_000);
    const lookback = new Date(now.getTime() - REMINDER_LOOKBACK_DAYS * 86400_000);
    const taskIds = await this.tasks.dueBetween(lookback, windowStart, now);
    for (const id of taskIds) await this.recompute(id, now, true);
    return { tasks: taskIds.length };
  }
}

/** 2023-09-02 18:00 in the office's time zone (kept here for the modules that import it from here). */
export { formatTime };
