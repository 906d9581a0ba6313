import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { parseQuarter, quarterBounds } from '../../common/quarter';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { JOB_QUEUE, JobQueue, requireQueue } from '../../queue/job-queue';
import { detectorRegistry } from '../findings/detectors/detector-registry';
import { InspectionFactsRepository } from '../reporting/inspection-facts.repository';
import { AccountFacts, autoHits, FINDING_KINDS, findingFacts, PostFact } from './auto-items';
import { InspectionAccount, InspectionEvaluation, InspectionManualItem, InspectionRound } from './inspection.entities';
import { InspectionsRepository } from './inspections.repository';
import { ItemHit, mergeHits, scoreAccount } from './scoring';

export const INSPECTION_EVALUATE_JOB = 'inspection-evaluate';
const DAY_MS = 24 * 60 * 60 * 1000;
const CHUNK = 500;
const FINALIZED = '检查轮次已定稿或不存在';

/** What the accounts of a round share: units' original posts in the quarter, and the post targets. */
export interface EvaluationContext {
  unitPosts: Map<number, number>;
  targets: Map<number, number>;
}

/** The auto items that hit one account of a round, with their evidence. */
export interface AutoOutcome {
  account: InspectionAccount;
  hits: ItemHit[];
}

interface EvaluateJob {
  evaluationId: number;
}

/** The instants an evaluation reads at: the quarter's start and end, and just after the inspection date. */
export function roundPeriod(round: Pick<InspectionRound, 'quarter' | 'inspectionDate'>, timeZone: string): { from: Date; to: Date; asOf: Date } {
  const { from, to } = quarterBounds(parseQuarter(round.quarter)!, timeZone);
  // The inspection date is an instant that itself counts ("as it stood at"): reads are `< asOf`.
  return { from, to, asOf: new Date(new Date(round.inspectionDate).getTime() + 1) };
}

/**
 * Evaluation of a round as a run (api.md v1.1): `POST …/evaluate` answers 202 with the run, the
 * `inspection-evaluate` job computes the auto items of every account a chunk at a time from the
 * read model, then stores them with their evidence and re-scores every account with its manual
 * items in one transaction; `done/total` report progress. One run per round at a time: a second
 * request joins the first. bench/inspection compares it with a per-account loop of the same steps.
 */
@Injectable()
export class InspectionEvaluationService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(InspectionEvaluationService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly transactions: TransactionRunner,
    private readonly repo: InspectionsRepository,
    private readonly facts: InspectionFactsRepository,
  ) {}

  onModuleInit(): void {
    this.queue.process<EvaluateJob>(INSPECTION_EVALUATE_JOB, (job) => this.run(job.evaluationId));
  }

  /**
   * With the in-process queue a run left queued or running by a stopped process can never finish:
   * it is marked failed at start so the round can be evaluated again. (In queue mode a killed
   * worker's job is taken up again by another worker, and `run` resumes a running run.)
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.queue.driver !== 'local') return;
    const failed = await this.repo.failInterruptedEvaluations();
    if (failed) this.logger.warn(`marked ${failed} interrupted inspection evaluation(s) as failed`);
  }

  /** Starts an evaluation of an open round, or returns the one already queued or running. */
  async request(roundId: number, actorId: number): Promise<InspectionEvaluation> {
    await requireQueue(this.queue);
    const { evaluation, created } = await this.transactions.run(async (tx) => {
      const round = await this.repo.round(roundId, tx);
      if (!round) throw new NotFoundException(`检查轮次 ${roundId} 不存在`);
      if (round.status === 'final') throw new ConflictException(`检查轮次 ${roundId} 已定稿，结果已冻结，不能重新评分`);
      const active = await this.repo.activeEvaluation(roundId, tx);
      if (active) return { evaluation: active, created: false };
      const total = (await this.repo.accounts(roundId, {}, tx)).length;
      return { evaluation: await this.repo.insertEvaluation(tx, { roundId, status: 'queued', done: 0, total, requestedById: actorId, createdAt: new Date() }), created: true };
    });
    if (created) await this.queue.enqueue<EvaluateJob>(INSPECTION_EVALUATE_JOB, { evaluationId: evaluation.id }, { jobId: `${INSPECTION_EVALUATE_JOB}:${evaluation.id}` });
    return evaluation;
  }

  /**
   * The job: reads the auto items of every account, a chunk at a time (`done` counts the accounts
   * read), then stores all results and scores in one transaction, so a round is never seen half
   * evaluated (nor with old and new results mixed).
   */
  async run(evaluationId: number): Promise<void> {
    const evaluation = await this.repo.evaluation(evaluationId);
    // A running one is taken up again (its worker stopped); storing results again is harmless.
    if (!evaluation || evaluation.status === 'done' || evaluation.status === 'failed') return;
    const round = await this.repo.round(evaluation.roundId);
    if (!round || round.status === 'final') {
      await this.repo.updateEvaluation(evaluationId, { status: 'failed', error: FINALIZED, finishedAt: new Date() });
      return;
    }
    await this.repo.updateEvaluation(evaluationId, { status: 'running', startedAt: new Date() });
    try {
      const accounts = await this.repo.accounts(round.id);
      await this.repo.updateEvaluation(evaluationId, { total: accounts.length });
      const context = await this.context(round, accounts);
      const outcomes: AutoOutcome[] = [];
      for (let i = 0; i < accounts.length; i += CHUNK) {
        outcomes.push(...(await this.autoOutcomes(round, accounts.slice(i, i + CHUNK), context)));
        await this.repo.updateEvaluation(evaluationId, { done: Math.min(i + CHUNK, accounts.length) });
      }
      const stored = await this.transactions.run(async (tx) => {
        const current = await this.store(tx, round.id, outcomes);
        if (current) await this.repo.saveRound(tx, Object.assign(current, { evaluatedAt: new Date() }));
        return current !== null;
      });
      await this.repo.updateEvaluation(evaluationId, stored ? { status: 'done', finishedAt: new Date() } : { status: 'failed', error: FINALIZED, finishedAt: new Date() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`inspection evaluation ${evaluationId} failed: ${message}`);
      await this.repo.updateEvaluation(evaluationId, { status: 'failed', error: message.slice(0, 1000), finishedAt: new Date() });
    }
  }

  /** Re-scores one account from its stored auto results and manual items (after a manual entry). */
  async rescore(tx: Transaction, round: InspectionRound, account: InspectionAccount): Promise<void> {
    const [auto, manual] = await Promise.all([this.repo.itemResults(round.id, [account.accountId], tx), this.repo.manualItems(round.id, [account.accountId], tx)]);
    const score = scoreAccount(round.indicators, mergeHits(auto, manual));
    await this.repo.updateScores(tx, [{ id: account.id, score: score.score, verdict: score.verdict }]);
  }

  /** What every chunk shares: unit post counts in the quarter and the targets. */
  async context(round: InspectionRound, accounts: InspectionAccount[]): Promise<EvaluationContext> {
    const { from, asOf } = roundPeriod(round, this.config.appTimezone);
    const unitIds = [...new Set(accounts.map((a) => a.unitId))];
    const [unitPosts, targets] = await Promise.all([this.facts.unitPostCounts(unitIds, from, asOf), this.facts.postTargets(round.quarter)]);
    return { unitPosts, targets };
  }

  /** The auto items that hit these accounts, from a few set-based reads of the read model (one per question). */
  async autoOutcomes(round: InspectionRound, chunk: InspectionAccount[], context: EvaluationContext): Promise<AutoOutcome[]> {
    const { from, to, asOf } = roundPeriod(round, this.config.appTimezone);
    const windowDays = this.config.inactiveDays;
    const ids = chunk.map((a) => a.accountId);
    const [recent, findings, columns, tasks] = await Promise.all([
      this.facts.recentPostCounts(ids, new Date(asOf.getTime() - windowDays * DAY_MS), asOf),
      this.facts.findings(ids, FINDING_KINDS, from),
      this.facts.brokenColumns(ids, asOf),
      this.facts.missedTasks(ids, from, to, asOf),
    ]);
    const silent = ids.filter((id) => !recent.get(id));
    const lastPosts = silent.length ? await this.facts.lastPosts(silent, asOf) : new Map<number, PostFact>();
    const severity = (kind: string) => detectorRegistry.get(kind)?.severity;
    return chunk.map((account) => {
      const facts: AccountFacts = {
        accountId: account.accountId,
        recentPosts: recent.get(account.accountId) ?? 0,
        lastPost: lastPosts.get(account.accountId) ?? null,
        windowDays,
        unitPosts: context.unitPosts.get(account.unitId) ?? 0,
        unitTarget: context.targets.get(account.unitId) ?? context.targets.get(0) ?? null,
        findings: findingFacts(findings.get(account.accountId) ?? [], from, asOf, severity),
        brokenColumns: columns.get(account.accountId) ?? [],
        missedTasks: tasks.get(account.accountId) ?? [],
      };
      return { account, hits: autoHits(facts) };
    });
  }

  /**
   * Stores these accounts' auto results (multi-row statements) and the scores they give with their
   * manual items, read inside `tx` so an entry made meanwhile is not lost. The round is read (and on
   * MariaDB locked) first: finalized meanwhile → nothing stored, null returned.
   */
  async store(tx: Transaction, roundId: number, outcomes: readonly AutoOutcome[]): Promise<InspectionRound | null> {
    const round = await this.repo.round(roundId, tx);
    if (!round || round.status === 'final') return null;
    const ids = outcomes.map((o) => o.account.accountId);
    const results = outcomes.flatMap(({ account, hits }) => hits.map((h) => ({ roundId, accountId: account.accountId, code: h.code, count: h.count, evidence: h.evidence })));
    await this.repo.replaceItemResults(tx, roundId, ids, results);
    const manual = new Map<number, InspectionManualItem[]>();
    for (const item of await this.repo.manualItems(roundId, ids, tx)) manual.set(item.accountId, [...(manual.get(item.accountId) ?? []), item]);
    const scores = outcomes.map(({ account, hits }) => {
      const { score, verdict } = scoreAccount(round.indicators, mergeHits(hits, manual.get(account.accountId) ?? []));
      return { id: account.id, score, verdict };
    });
    await this.repo.updateScores(tx, scores);
    return round;
  }
}
