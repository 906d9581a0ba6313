import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Page } from '../../common/pagination';
import type { Actor } from '../../common/roles';
import { UnitScope } from '../../common/unit-scope';
import { TransactionRunner } from '../../database/transactions';
import { enqueueDetached, JOB_QUEUE, JobQueue, requireQueue } from '../../queue/job-queue';
import { EventBus } from '../../common/events/event-bus';
import { AccountChangedEvent } from '../accounts/accounts.events';
import { AuditService } from '../audit/audit.service';
import { ErrorWordsService } from '../error-words/error-words.service';
import { EMPTY_LIBRARY } from '../error-words/matcher';
import { LeadersService } from '../leaders/leaders.service';
import { maskDeep } from '../../common/personal-numbers';
import { PostsStoredEvent } from '../posts/posts.events';
import { FindingsReadRepository } from '../reporting/findings-read.repository';
import { detectorRegistry } from './detectors/detector-registry';
import type { AccountFacts, DetectedFinding, Detector, DetectorContext, DetectorInput, DetectorInputs, FindingKind } from './detectors/types';
import { Finding, FindingScan, ScanTrigger } from './finding.entity';
import { FindingScansRepository } from './finding-scans.repository';
import { FindingsRepository } from './findings.repository';
import { ListFindingsQuery } from './findings.dto';
import { FindingOpenedEvent, FindingResolvedEvent, FindingRestatedEvent } from './findings.events';
import { FINDINGS_SCAN_JOB, FindingsScanJob, ScanCounts } from './findings-jobs';

export { FINDINGS_SCAN_JOB } from './findings-jobs';
export type { FindingsScanJob, ScanCounts } from './findings-jobs';

const POST_PAGE = 1000;
const WAIT_LIMIT_MS = 120_000;

function openKeyOf(f: { kind: string; subjectType: string; subjectId: string }): string {
  return `${f.kind}:${f.subjectType}:${f.subjectId}`;
}

function fingerprint(key: string): string {
  return createHash('sha1').update(key).digest('hex');
}

/** The kinds of the registered detectors that read an input. */
function kindsReading(input: DetectorInput): FindingKind[] {
  return detectorRegistry.reading(input).map((d) => d.kind);
}

/** Every registered detector that reads `input`, over `items`; a detector answers for its own kind only. */
function evaluateAll<I extends DetectorInput>(input: I, items: DetectorInputs[I][], context: DetectorContext): DetectedFinding[] {
  return detectorRegistry.reading(input).flatMap((detector: Detector<I>) => {
    const found = detector.evaluate(items, context);
    const stray = found.find((f) => f.kind !== detector.kind);
    if (stray) throw new Error(`detector ${detector.kind} returned a finding of kind ${stray.kind}`);
    return found;
  });
}

/** The part of the findings table a detector pass is answerable for (what it may resolve). */
interface Reach {
  kinds: FindingKind[];
  accountIds?: number[];
}

/**
 * Findings (违规与风险): runs the pure detectors over aggregates of the register and posts,
 * and reconciles their output with the `findings` table (the only writer of it): opens new
 * findings, refreshes the evidence of open ones, resolves those whose condition ended, and
 * keeps accepted ones closed unless their evidence fingerprint changes. Opening and closing
 * are told as FindingOpenedEvent / FindingResolvedEvent (the `finding` alerts follow).
 */
@Injectable()
export class FindingsService implements OnModuleInit {
  private readonly logger = new Logger('FindingsService');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly findings: FindingsRepository,
    private readonly scans: FindingScansRepository,
    private readonly data: FindingsReadRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly errorWords: ErrorWordsService,
    private readonly leaders: LeadersService,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.queue.process<FindingsScanJob>(FINDINGS_SCAN_JOB, (job) => this.runJob(job), 1);
    // After every lifecycle change: that account's detectors (and the per-platform count).
    // Not awaited: the edit or import answers even while Redis is down (the scan is added when it is back).
    this.bus.on(AccountChangedEvent, ({ accountId }) => enqueueDetached<FindingsScanJob>(this.queue, this.logger, FINDINGS_SCAN_JOB, { accountIds: [accountId] }));
    // After every poll or import that stored new posts: that account, titles included.
    this.bus.on(PostsStoredEvent, (event) => enqueueDetached<FindingsScanJob>(this.queue, this.logger, FINDINGS_SCAN_JOB, { accountIds: [event.accountId], errorWords: true }));
  }

  // ---- scans ----

  /** POST /api/findings/scan: a full scan through the queue; with `wait`, returns once it has finished. */
  async requestScan(trigger: ScanTrigger, requestedById: number | null, wait = false): Promise<FindingScan> {
    await requireQueue(this.queue);
    const scan = await this.scans.insert({
      status: 'queued',
      trigger,
      requestedById,
      accounts: 0,
      posts: 0,
      opened: 0,
      updated: 0,
      resolved: 0,
      error: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
    });
    await this.queue.enqueue<FindingsScanJob>(FINDINGS_SCAN_JOB, { scanId: scan.id });
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

  private async runJob(job: FindingsScanJob): Promise<void> {
    if (job.scanId) await this.scans.update(job.scanId, { status: 'running', startedAt: new Date() });
    try {
      const counts = job.accountIds ? await this.scanAccounts(job.accountIds, !!job.errorWords) : await this.scanAll();
      if (job.scanId) await this.scans.update(job.scanId, { status: 'done', finishedAt: new Date(), ...counts });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`findings scan failed: ${message}`);
      if (job.scanId) await this.scans.update(job.scanId, { status: 'failed', finishedAt: new Date(), error: message.slice(0, 1000) });
      else throw error;
    }
  }

  /** Every detector over the whole register; accounts and posts are read in chunks. */
  async scanAll(now = new Date()): Promise<ScanCounts> {
    const counts: ScanCounts = { accounts: 0, posts: 0, opened: 0, updated: 0, resolved: 0 };
    const context = await this.context(now, true);
    const detected: DetectedFinding[] = [];
    for (const ids of await this.data.accountIdChunks()) {
      const facts = await this.data.accountFacts(ids);
      counts.accounts += facts.length;
      detected.push(...this.runAccountDetectors(facts, context));
    }
    this.add(counts, await this.reconcile(detected, { kinds: kindsReading('accounts') }));
    this.add(counts, await this.reconcile(await this.runPlatformDetectors(context), { kinds: kindsReading('crowdedPlatforms') }));
    this.add(counts, await this.reconcile(await this.scanPosts(undefined, counts, context), { kinds: kindsReading('posts') }));
    return counts;
  }

  /** The account detectors for some accounts (and the per-platform count, register-wide: one GROUP BY). */
  async scanAccounts(accountIds: number[], errorWords: boolean, now = new Date()): Promise<ScanCounts> {
    const ids = [...new Set(accountIds)];
    const counts: ScanCounts = { accounts: 0, posts: 0, opened: 0, updated: 0, resolved: 0 };
    const context = await this.context(now, errorWords);
    const facts = await this.data.accountFacts(ids);
    counts.accounts = facts.length;
    this.add(counts, await this.reconcile(this.runAccountDetectors(facts, context), { kinds: kindsReading('accounts'), accountIds: ids }));
    this.add(counts, await this.reconcile(await this.runPlatformDetectors(context), { kinds: kindsReading('crowdedPlatforms') }));
    if (errorWords) this.add(counts, await this.reconcile(await this.scanPosts(ids, counts, context), { kinds: kindsReading('posts'), accountIds: ids }));
    return counts;
  }

  /** What detectors know besides their input; the 错敏词 library and the leaders only for scans that read posts. */
  private async context(now: Date, readsPosts: boolean): Promise<DetectorContext> {
    const posts = readsPosts && detectorRegistry.reading('posts').length > 0;
    const errorWords = posts ? await this.errorWords.compiled() : EMPTY_LIBRARY;
    const leaders = posts ? await this.leaders.terms() : [];
    return { now, timeZone: this.config.appTimezone, inactiveDays: this.config.inactiveDays, errorWords, leaders };
  }

  private runAccountDetectors(facts: AccountFacts[], context: DetectorContext): DetectedFinding[] {
    return evaluateAll('accounts', facts, context);
  }

  private async runPlatformDetectors(context: DetectorContext): Promise<DetectedFinding[]> {
    if (!detectorRegistry.reading('crowdedPlatforms').length) return [];
    return evaluateAll('crowdedPlatforms', await this.data.crowdedPlatforms(), context);
  }

  /** The post detectors, a page of posts at a time. */
  private async scanPosts(accountIds: number[] | undefined, counts: ScanCounts, context: DetectorContext): Promise<DetectedFinding[]> {
    const found: DetectedFinding[] = [];
    for (let afterId = 0; ;) {
      const page = await this.data.postPage(afterId, POST_PAGE, accountIds);
      if (!page.length) break;
      counts.posts += page.length;
      found.push(...evaluateAll('posts', page, context));
      afterId = page[page.length - 1].id;
      if (page.length < POST_PAGE) break;
    }
    return found;
  }

  private add(into: ScanCounts, part: Pick<ScanCounts, 'opened' | 'updated' | 'resolved'>): void {
    into.opened += part.opened;
    into.updated += part.updated;
    into.resolved += part.resolved;
  }

  /**
   * Brings the table in line with what the detectors saw, within `reach`: one open finding per
   * (kind, subject); accepted findings stay closed while their evidence fingerprint is unchanged.
   */
  async reconcile(detected: DetectedFinding[], reach: Reach): Promise<{ opened: number; updated: number; resolved: number }> {
    const result = { opened: 0, updated: 0, resolved: 0 };
    if (!reach.kinds.length) return result;
    const open = new Map((await this.findings.openOf(reach.kinds, reach.accountIds)).map((f) => [openKeyOf(f), f]));
    const seen = new Set<string>();
    const fresh: DetectedFinding[] = [];
    const now = new Date();
    // No full personal number is ever stored, whatever a detector put in its text (personal-numbers.ts).
    for (const d of detected.map(maskDeep)) {
      const key = openKeyOf(d);
      if (seen.has(key)) continue;
      seen.add(key);
      const existing = open.get(key);
      if (!existing) {
        fresh.push(d);
        continue;
      }
      const evidenceKey = fingerprint(d.evidenceKey);
      const message = d.message.slice(0, 1000);
      if (existing.evidenceKey !== evidenceKey || existing.message !== message || JSON.stringify(existing.evidence) !== JSON.stringify(d.evidence)) {
        await this.findings.update(existing.id, { evidence: d.evidence as never, evidenceKey, message, lastSeenAt: now, accountId: d.accountId, unitId: d.unitId });
        if (existing.message !== message) await this.bus.emitRequired(new FindingRestatedEvent(existing.id, d.kind, message));
        result.updated++;
      }
    }
    const accepted = await this.latestAccepted(fresh);
    for (const d of fresh) {
      const evidenceKey = fingerprint(d.evidenceKey);
      if (accepted.get(openKeyOf(d)) === evidenceKey) continue;
      const created = await this.open(d, evidenceKey, now);
      if (created) result.opened++;
    }
    for (const [key, finding] of open) {
      if (seen.has(key)) continue;
      if (await this.close(finding.id, { status: 'resolved', resolvedAt: now })) result.resolved++;
    }
    return result;
  }

  /** The evidence fingerprint of the latest accepted finding per subject, for these subjects. */
  private async latestAccepted(detected: DetectedFinding[]): Promise<Map<string, string>> {
    const result = new Map<string, { id: number; key: string }>();
    const kinds = [...new Set(detected.map((d) => d.kind))];
    for (const kind of kinds) {
      const subjects = [...new Set(detected.filter((d) => d.kind === kind).map((d) => d.subjectId))];
      for (let i = 0; i < subjects.length; i += 500) {
        const rows = await this.findings.acceptedAbout(kind, subjects.slice(i, i + 500));
        for (const f of rows) {
          const key = openKeyOf(f);
          const known = result.get(key);
          if (!known || f.id > known.id) result.set(key, { id: f.id, key: f.evidenceKey });
        }
      }
    }
    return new Map([...result].map(([k, v]) => [k, v.key]));
  }

  private async open(d: DetectedFinding, evidenceKey: string, now: Date): Promise<Finding | null> {
    let finding: Finding;
    try {
      finding = await this.findings.insert({
        kind: d.kind,
        status: 'open',
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        accountId: d.accountId,
        unitId: d.unitId,
        message: d.message.slice(0, 1000),
        evidence: d.evidence,
        evidenceKey,
        openKey: openKeyOf(d),
        detectedAt: now,
        lastSeenAt: now,
        resolvedAt: null,
        acceptedAt: null,
        acceptedById: null,
        acceptedBy: null,
        acceptReason: null,
      });
    } catch (error) {
      // Another worker opened it between our read and our insert: the unique open key held.
      if (error instanceof QueryFailedError) return null;
      throw error;
    }
    // Awaited: the `finding` alert follows; a failure fails the scan (as when this raised it itself).
    await this.bus.emitRequired(new FindingOpenedEvent(finding.id, d.kind, finding.unitId, d.accountId, d.subjectType, d.subjectId, d.message));
    return finding;
  }

  /** Resolves an open finding (its condition ended) and tells FindingResolvedEvent (its alert follows). */
  private async close(id: number, patch: Pick<Finding, 'status' | 'resolvedAt'>): Promise<boolean> {
    if (!(await this.findings.closeIfOpen(id, patch))) return false;
    await this.bus.emitRequired(new FindingResolvedEvent(id, patch.status === 'accepted' ? 'accepted' : 'resolved'));
    return true;
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
      throw new ConflictException(`发现 ${id} 当前状态为“${finding.status === 'resolved' ? '已消除' : '已认可'}”,只有未处理(open)的发现可以认可`);
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
    if (!done) throw new ConflictException(`发现 ${id} 已被他人处理,请刷新后重试`);
    await this.bus.emitRequired(new FindingResolvedEvent(id, 'accepted'));
    return this.get(id, actor);
  }

  /** Open findings of some accounts (tests, other modules). */
  openFor(accountIds: number[]): Promise<Finding[]> {
    return this.findings.openForAccounts(accountIds);
  }
}
