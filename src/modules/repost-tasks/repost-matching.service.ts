import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EventBus } from '../../common/events/event-bus';
import { enqueueDetached, JOB_QUEUE, JobQueue } from '../../queue/job-queue';
import { Account } from '../accounts/account.entity';
import { AlertsService } from '../alerts/alerts.service';
import { Post } from '../posts/post.entity';
import { PostsStoredEvent, PostsStoringEvent } from '../posts/posts.events';
import { Unit } from '../units/unit.entity';
import { CandidatePost, matchAccount, prepareTask, RepostStatus, worstStatus } from './matching/match';
import { RepostMatchPending } from './repost-match-pending.entity';
import { RepostConfirmation, RepostTask, RepostTaskResult } from './repost-task.entity';

/**
 * One matching job at a time for all dirty accounts; one asked for while it runs (it may have
 * looked at the pending rows already) runs after it.
 */
const MATCH_JOB_OPTIONS = { jobId: 'dirty-accounts', retries: 2, queueBehindRunning: true };

export const REPOST_MATCH_JOB = 'repost-match';
const CHUNK = 500;
/** Account states whose accounts must carry a task (see README, Design notes). */
const RUNNING_STATES = ['opened', 'deregistration_requested'];
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    if (await this.dataSource.getRepository(RepostMatchPending).exists()) await this.enqueueMatch();
  }

  private async markPending(event: PostsStoringEvent): Promise<void> {
    const mysql = this.dataSource.options.type === 'mysql' || this.dataSource.options.type === 'mariadb';
    // One row per account: the latest post time only grows; every new batch bumps the version.
    await event.manager.query(
      mysql
        ? 'INSERT INTO `repost_match_pending` (`account_id`, `latest_ms`, `version`) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE `latest_ms` = GREATEST(`latest_ms`, VALUES(`latest_ms`)), `version` = `version` + 1'
        : 'INSERT INTO "repost_match_pending" ("account_id", "latest_ms", "version") VALUES (?, ?, 1) ON CONFLICT ("account_id") DO UPDATE SET "latest_ms" = MAX("latest_ms", excluded."latest_ms"), "version" = "version" + 1',
      [event.accountId, event.latestPublishedAt.getTime()],
    );
  }

  private enqueueMatch(): Promise<void> {
    return this.queue.enqueue(REPOST_MATCH_JOB, {}, MATCH_JOB_OPTIONS);
  }

  /**
   * The job: recomputes every task an account with new posts may now have done, then removes
   * the rows it matched (unless new posts bumped them meanwhile). Loops until nothing is left.
   */
  async matchDirtyAccounts(): Promise<void> {
    const pending = this.dataSource.getRepository(RepostMatchPending);
    for (;;) {
      const batch = await pending.find({ order: { accountId: 'ASC' }, take: PENDING_PASS });
      if (!batch.length) return;
      const taskIds = new Set<number>();
      for (let i = 0; i < batch.length; i += CHUNK) {
        const chunk = batch.slice(i, i + CHUNK);
        const latest = new Date(Math.max(...chunk.map((p) => Number(p.latestMs))));
        const rows = await this.dataSource
          .createQueryBuilder()
          .select('DISTINCT r.task_id', 'taskId')
          .from(RepostTaskResult, 'r')
          .innerJoin(RepostTask, 't', 't.id = r.task_id')
          .where('r.account_id IN (:...ids)', { ids: chunk.map((p) => p.accountId) })
          .andWhere('r.status <> :done', { done: 'done' })
          .andWhere('t.issued_at <= :latest', { latest })
          .getRawMany<{ taskId: number | string }>();
        for (const row of rows) taskIds.add(Number(row.taskId));
      }
      for (const taskId of taskIds) await this.recompute(taskId);
      for (let i = 0; i < batch.length; i += 200) {
        const chunk = batch.slice(i, i + 200);
        const where = chunk.map((_, n) => `(account_id = :a${n} AND version = :v${n})`).join(' OR ');
        const parameters = Object.fromEntries(
          chunk.flatMap((p, n) => [
            [`a${n}`, p.accountId],
            [`v${n}`, p.version],
          ]),
        );
        await this.dataSource.createQueryBuilder().delete().from(RepostMatchPending).where(where, parameters).execute();
      }
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
      const active = await this.dataSource.getRepository(Unit).find({ select: { id: true }, where: { status: 'active' } });
      unitIds = active.map((u) => u.id);
    }
    if (!unitIds.length) return [];
    const accounts: Account[] = [];
    for (let i = 0; i < unitIds.length; i += CHUNK) {
      const qb = this.dataSource
        .getRepository(Account)
        .createQueryBuilder('a')
        .where('a.unitId IN (:...unitIds)', { unitIds: unitIds.slice(i, i + CHUNK) })
        .andWhere(
          new Brackets((w) => {
            w.where('a.state IN (:...running)', { running: RUNNING_STATES }).orWhere('(a.state = :deregistered AND a.deregisteredAt > :issuedAt)', {
              deregistered: 'deregistered',
              issuedAt: task.issuedAt,
            });
          }),
        )
        .andWhere('(a.openedAt IS NULL OR a.openedAt <= :dueAt)', { dueAt: task.dueAt })
        .orderBy('a.id');
      if (task.platforms?.length) qb.andWhere('a.platform IN (:...platforms)', { platforms: task.platforms });
      accounts.push(...(await qb.getMany()));
    }
    return accounts;
  }

  private async doRecompute(taskId: number, now: Date, raise: boolean): Promise<void> {
    const task = await this.dataSource.getRepository(RepostTask).findOne({ where: { id: taskId } });
    if (!task) return;
    const accounts = await this.requiredAccounts(task);
    const accountIds = accounts.map((a) => a.id);
    const postsByAccount = new Map<number, CandidatePost[]>();
    for (let i = 0; i < accountIds.length; i += CHUNK) {
      const rows = await this.dataSource
        .getRepository(Post)
        .createQueryBuilder('p')
        .select(['p.id', 'p.accountId', 'p.title', 'p.url', 'p.sourceUrl', 'p.publishedAt', 'p.isRepost'])
        .where('p.accountId IN (:...ids)', { ids: accountIds.slice(i, i + CHUNK) })
        .andWhere('p.publishedAt >= :issuedAt', { issuedAt: task.issuedAt })
        .getMany();
      for (const p of rows) {
        const list = postsByAccount.get(p.accountId) ?? [];
        list.push({ id: p.id, title: p.title, url: p.url, sourceUrl: p.sourceUrl, publishedAt: p.publishedAt, isRepost: !!p.isRepost });
        postsByAccount.set(p.accountId, list);
      }
    }
    const confirmations = await this.dataSource.getRepository(RepostConfirmation).find({ where: { taskId } });
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
    const previousUnits = await this.dataSource.transaction(async (manager) => {
      const before = await manager
        .getRepository(RepostTaskResult)
        .createQueryBuilder('r')
        .select('DISTINCT r.unit_id', 'unitId')
        .where('r.task_id = :taskId', { taskId })
        .getRawMany<{ unitId: number | string }>();
      await manager.createQueryBuilder().delete().from(RepostTaskResult).where('task_id = :taskId', { taskId }).execute();
      for (let i = 0; i < results.length; i += 200) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(RepostTaskResult)
          .values(results.slice(i, i + 200))
          .updateEntity(false)
          .execute();
      }
      await manager.createQueryBuilder().update(RepostTask).set({ computedAt }).where('id = :taskId', { taskId }).execute();
      return before.map((r) => Number(r.unitId));
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
    const names = toRaise.length ? new Map((await this.dataSource.getRepository(Unit).find({ where: { id: In(toRaise) } })).map((u) => [u.id, u.name])) : new Map<number, string>();
    const due = formatTime(task.dueAt, this.config.appTimezone);
    for (const [unitId] of units) {
      try {
        if (toRaise.includes(unitId)) {
          const overdue = now.getTime() > task.dueAt.getTime();
          await this.alerts.raise({
            ...subject(unitId),
            unitId,
            message: `${names.get(unitId) ?? `单位 ${unitId}`}${overdue ? '已逾期未完成' : '尚未完成'}转发任务“${task.title.slice(0, 200)}”(截止 ${due})`,
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
    const tasks = await this.dataSource
      .getRepository(RepostTask)
      .createQueryBuilder('t')
      .select('t.id')
      .where('t.dueAt <= :windowStart', { windowStart })
      .andWhere('t.dueAt >= :lookback', { lookback })
      .andWhere('t.issuedAt <= :now', { now })
      .getMany();
    for (const task of tasks) await this.recompute(task.id, now, true);
    return { tasks: tasks.length };
  }
}

/** 2023-09-02 18:00 in the office's time zone. */
export function formatTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
