import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { TransactionRunner } from '../../database/transactions';
import { enqueueDetached, JOB_QUEUE, JobQueue, requireQueue } from '../../queue/job-queue';
import { EventBus } from '../../common/events/event-bus';
import { AccountChangedEvent } from '../accounts/accounts.events';
import { AuditService } from '../audit/audit.service';
import { ErrorWordsChangedEvent } from '../error-words/error-words.events';
import { EMPTY_LIBRARY } from '../error-words/matcher';
import { LeadersChangedEvent } from '../leaders/leaders.events';
import { PostsCorrectedEvent, PostsStoredEvent } from '../posts/posts.events';
import { FindingsReadRepository } from '../reporting/findings-read.repository';
import { detectorRegistry } from './detectors/detector-registry';
import { evaluateAll, kindsReading } from './detectors/evaluate';
import type { DetectorContext } from './detectors/types';
import { Finding, FindingScan, ScanTrigger } from './finding.entity';
import { FindingScansRepository } from './finding-scans.repository';
import { FindingsReconciler, ReconcileCounts } from './findings-reconciler';
import { FindingsRepository } from './findings.repository';
import { ListFindingsQuery } from './findings.dto';
import { FindingResolvedEvent } from './findings.events';
import { FINDINGS_RULES_JOB, FINDINGS_SCAN_JOB, FindingsScanJob, ScanCounts } from './findings-jobs';
import { PostScanner } from './post-scanner';

export { FINDINGS_SCAN_JOB } from './findings-jobs';
export type { FindingsScanJob, ScanCounts } from './findings-jobs';

const WAIT_LIMIT_MS = 120_000;

function noCounts(): ScanCounts {
  return { accounts: 0, posts: 0, postsTotal: 0, skipped: 0, opened: 0, updated: 0, resolved: 0, ruleset: null };
}

/**
 * Findings (违规与风险): runs the pure detectors over aggregates of the register (accounts,
 * crowded platforms) and over posts (the incremental PostScanner), and hands their output to
 * the FindingsReconciler (the `findings` table's writer). Scans run on the queue: on demand
 * (`POST /api/findings/scan`), on schedule, after lifecycle changes and new posts, and — as a
 * run with progress — after the 错敏词 library or the leaders change (debounced: a burst of
 * edits gives one rescan).
 */
@Injectable()
export class FindingsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('FindingsService');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly findings: FindingsRepository,
    private readonly scans: FindingScansRepository,
    private readonly data: FindingsReadRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly reconciler: FindingsReconciler,
    private readonly posts: PostScanner,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.queue.process<FindingsScanJob>(FINDINGS_SCAN_JOB, (job) => this.runJob(job), 1);
    this.queue.process(FINDINGS_RULES_JOB, () => this.startRulesRescan(), 1);
    // After every lifecycle change: that account's detectors (and the per-platform count).
    // Not awaited: the edit or import answers even while Redis is down (the scan is added when it is back).
    this.bus.on(AccountChangedEvent, ({ accountId }) => enqueueDetached<FindingsScanJob>(this.queue, this.logger, FINDINGS_SCAN_JOB, { accountIds: [accountId] }));
    // After every poll or import that stored new posts: that account, its new and changed posts.
    const postsOf = ({ accountId }: { accountId: number }) =>
      enqueueDetached<FindingsScanJob>(this.queue, this.logger, FINDINGS_SCAN_JOB, { accountIds: [accountId], errorWords: true });
    this.bus.on(PostsStoredEvent, postsOf);
    this.bus.on(PostsCorrectedEvent, postsOf);
    // The rules changed: one rescan after the burst of edits (same job id while waiting; one behind a running one).
    const rescan = () =>
      enqueueDetached(this.queue, this.logger, FINDINGS_RULES_JOB, {}, { jobId: FINDINGS_RULES_JOB, delayMs: this.config.rulesRescanDelayMs, queueBehindRunning: true });
    this.bus.on(ErrorWordsChangedEvent, rescan);
    this.bus.on(LeadersChangedEvent, rescan);
  }

  /**
   * Compiles the library once at start (the first compile also loads the Unicode normalisation
   * data: a few hundred milliseconds of CPU), so the first scan after a poll does not hold the
   * event loop while polls are waiting for their answers.
   */
  onApplicationBootstrap(): void {
    setImmediate(
      () => void this.posts.rules().catch((error: unknown) => this.logger.warn(`could not prepare the content rules: ${error instanceof Error ? error.message : String(error)}`)),
    );
  }

  // ---- scans ----

  /**
   * POST /api/findings/scan: every detector through the queue — posts incrementally (new and
   * changed ones, all of them after a rules change), or every post with `full`; with `wait`,
   * returns once it has finished.
   */
  async requestScan(trigger: ScanTrigger, requestedById: number | null, wait = false, full = false): Promise<FindingScan> {
    await requireQueue(this.queue);
    const scan = await this.scans.insert({
      status: 'queued',
      trigger,
      requestedById,
      full,
      ...noCounts(),
      error: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
    });
    await this.queue.enqueue<FindingsScanJob>(FINDINGS_SCAN_JOB, { scanId: scan.id, full });
    if (!wait) return scan;
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const current = await this.getScan(scan.id);
      if (current.status === 'done' || current.status === 'failed' || Date.now() > deadline) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async getScan(id: number): Promise<FindingScan> {
    const scan = await this.scans.findById(id);
    if (!scan) throw new NotFoundException(`扫描任务 ${id} 不存在`);
    return scan;
  }

  /** The latest runs, newest first (the rescan's progress on the library and leaders pages). */
  recentScans(limit: number, trigger?: ScanTrigger): Promise<FindingScan[]> {
    return this.scans.recent(limit, trigger);
  }

  /** The debounced rescan after a rules change: a run (trigger `rules`) over the posts only. */
  private async startRulesRescan(): Promise<void> {
    const scan = await this.scans.insert({
      status: 'queued',
      trigger: 'rules',
      requestedById: null,
      full: false,
      ...noCounts(),
      error: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
    });
    await this.runJob({ scanId: scan.id, postsOnly: true });
  }

  private async runJob(job: FindingsScanJob): Promise<void> {
    if (job.scanId) await this.scans.update(job.scanId, { status: 'running', startedAt: new Date() });
    const progress = job.scanId ? (counts: Partial<ScanCounts>) => this.scans.update(job.scanId!, counts) : undefined;
    try {
      const counts = job.postsOnly
        ? await this.scanPostsOnly(progress)
        : job.accountIds
          ? await this.scanAccounts(job.accountIds, !!job.errorWords)
          : await this.scanAll(new Date(), !!job.full, progress);
      if (job.scanId) await this.scans.update(job.scanId, { status: 'done', finishedAt: new Date(), ...counts });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`findings scan failed: ${message}`);
      if (job.scanId) await this.scans.update(job.scanId, { status: 'failed', finishedAt: new Date(), error: message.slice(0, 1000) });
      else throw error;
    }
  }

  /** Every detector over the whole register; accounts are read in chunks, posts a page at a time. */
  async scanAll(now = new Date(), full = false, progress?: (counts: Partial<ScanCounts>) => Promise<void>): Promise<ScanCounts> {
    const counts = noCounts();
    const context = this.registerContext(now);
    const detected = [];
    for (const ids of await this.data.accountIdChunks()) {
      const facts = await this.data.accountFacts(ids);
      counts.accounts += facts.length;
      detected.push(...evaluateAll('accounts', facts, context));
    }
    this.add(counts, await this.reconciler.reconcile(detected, { kinds: kindsReading('accounts') }));
    this.add(counts, await this.reconciler.reconcile(await this.runPlatformDetectors(context), { kinds: kindsReading('crowdedPlatforms') }));
    await progress?.({ accounts: counts.accounts });
    return this.withPosts(
      counts,
      await this.posts.scan({ full, now, onProgress: progress && ((p) => progress({ posts: p.posts, postsTotal: p.postsTotal, ruleset: p.ruleset })) }),
    );
  }

  /** The post detectors only (after a rules change): every post scanned under another ruleset. */
  private async scanPostsOnly(progress?: (counts: Partial<ScanCounts>) => Promise<void>): Promise<ScanCounts> {
    const onProgress = progress && ((p: { posts: number; postsTotal: number; ruleset: string }) => progress({ posts: p.posts, postsTotal: p.postsTotal, ruleset: p.ruleset }));
    return this.withPosts(noCounts(), await this.posts.scan({ onProgress }));
  }

  /** The account detectors for some accounts (and the per-platform count, register-wide: one GROUP BY); with `posts`, their new and changed posts. */
  async scanAccounts(accountIds: number[], posts: boolean, now = new Date()): Promise<ScanCounts> {
    const ids = [...new Set(accountIds)];
    const counts = noCounts();
    const context = this.registerContext(now);
    const facts = await this.data.accountFacts(ids);
    counts.accounts = facts.length;
    this.add(counts, await this.reconciler.reconcile(evaluateAll('accounts', facts, context), { kinds: kindsReading('accounts'), accountIds: ids }));
    this.add(counts, await this.reconciler.reconcile(await this.runPlatformDetectors(context), { kinds: kindsReading('crowdedPlatforms') }));
    return posts ? this.withPosts(counts, await this.posts.scan({ accountIds: ids, now })) : counts;
  }

  /** What the account and platform detectors know besides their input (the post scanner loads the library and leaders). */
  private registerContext(now: Date): DetectorContext {
    return { now, timeZone: this.config.appTimezone, inactiveDays: this.config.inactiveDays, errorWords: EMPTY_LIBRARY, leaders: [] };
  }

  private async runPlatformDetectors(context: DetectorContext) {
    if (!detectorRegistry.reading('crowdedPlatforms').length) return [];
    return evaluateAll('crowdedPlatforms', await this.data.crowdedPlatforms(), context);
  }

  private withPosts(counts: ScanCounts, posts: Awaited<ReturnType<PostScanner['scan']>>): ScanCounts {
    this.add(counts, posts);
    return { ...counts, posts: posts.posts, postsTotal: posts.postsTotal, skipped: posts.skipped, ruleset: posts.ruleset };
  }

  private add(into: ReconcileCounts, part: ReconcileCounts): void {
    into.opened += part.opened;
    into.updated += part.updated;
    into.resolved += part.resolved;
  }

  // ---- reading and accepting ----

  async list(query: ListFindingsQuery, actor: Actor): Promise<Page<Finding>> {
    const unitId = UnitScope.effectiveUnitFilter(actor, query.unitId);
    return this.findings.list({ unitId, kind: query.kind, status: query.status, accountId: query.accountId }, query);
  }

  async get(id: number, actor: Actor): Promise<Finding> {
    const finding = await this.findings.findById(id);
    if (!finding) throw new NotFoundException(`发现 ${id} 不存在`);
    if (UnitScope.restriction(actor) !== null) UnitScope.assertAccess(actor, finding.unitId ?? -2);
    return finding;
  }

  /** A reviewer accepts an open finding with a reason (audited); it stays closed unless its evidence changes. */
  async accept(id: number, reason: string, actor: Actor): Promise<Finding> {
    const finding = await this.get(id, actor);
    if (finding.status !== 'open') {
      throw new ConflictException(`发现 ${id} 当前状态为“${finding.status === 'resolved' ? '已消除' : '已认可'}”，只有未处理的发现可以认可`);
    }
    const acceptedAt = new Date();
    const text = reason.trim();
    const done = await this.transactions.run(async (tx) => {
      const closed = await this.findings.closeIfOpen(id, { status: 'accepted', acceptedAt, acceptedById: actor.id, acceptedBy: actor.username, acceptReason: text }, tx);
      if (!closed) return false;
      await this.audit.record(tx, {
        subjectType: 'finding',
        subjectId: id,
        action: 'accept',
        actor,
        fromState: 'open',
        toState: 'accepted',
        reason: text,
        changes: { kind: finding.kind, subjectType: finding.subjectType, subjectId: finding.subjectId },
      });
      return true;
    });
    if (!done) throw new ConflictException(`发现 ${id} 已被他人处理，请刷新后重试`);
    await this.bus.emitRequired(new FindingResolvedEvent(id, 'accepted'));
    return this.get(id, actor);
  }

  /** Open findings of some accounts (tests, other modules). */
  openFor(accountIds: number[]): Promise<Finding[]> {
    return this.findings.openForAccounts(accountIds);
  }
}
