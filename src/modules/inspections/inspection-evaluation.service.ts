import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { parseQuarter, quarterBounds } from '../../common/quarter';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Transaction, TransactionRunner } from '../../database/transactions';
import { JOB_QUEUE, JobQueue, requireQueue } from '../../queue/job-queue';
import { detectorRegistry } from '../findings/detectors/detector-registry';
import { InspectionFactsRepository } from '../reporting/inspection-facts.repository';
import { AccountFacts, autoHits, FINDING_KINDS, findingFacts } from './auto-items';
import { InspectionAccount, InspectionEvaluation, InspectionItemResult, InspectionRound } from './inspection.entities';
import { InspectionsRepository } from './inspections.repository';
import { mergeHits, scoreAccount } from './scoring';

export const INSPECTION_EVALUATE_JOB = 'inspection-evaluate';
const DAY_MS = 24 * 60 * 60 * 1000;
const CHUNK = 500;

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
 * read model, stores them with their evidence and re-scores each account with its manual items;
 * `done/total` report progress. One run per round at a time: a second request joins the first.
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
      if (round.status === 'final') throw new ConflictException(`检查轮次 ${roundId} 已定稿,结果已冻结,不能重新评分`);
      const active = await this.repo.activeEvaluation(roundId, tx);
      if (active) return { evaluation: active, created: false };
      const total = (await this.repo.accounts(roundId, {}, tx)).length;
      return { evaluation: await this.repo.insertEvaluation(tx, { roundId, status: 'queued', done: 0, total, requestedById: actorId, createdAt: new Date() }), created: true };
    });
    if (created) await this.queue.enqueue<EvaluateJob>(INSPECTION_EVALUATE_JOB, { evaluationId: evaluation.id }, { jobId: `${INSPECTION_EVALUATE_JOB}:${evaluation.id}` });
    return evaluation;
  }

  /** The job: evaluates every account of the round, a chunk at a time, reporting progress. */
  async run(evaluationId: number): Promise<void> {
    const evaluation = await this.repo.evaluation(evaluationId);
    // A running one is taken up again (its worker stopped); storing results again is harmless.
    if (!evaluation || evaluation.status === 'done' || evaluation.status === 'failed') return;
    const round = await this.repo.round(evaluation.roundId);
    if (!round || round.status === 'final') {
      await this.repo.updateEvaluation(evaluationId, { status: 'failed', error: '检查轮次已定稿或不存在', finishedAt: new Date() });
      return;
    }
    await this.repo.updateEvaluation(evaluationId, { status: 'running', startedAt: new Date() });
    try {
      const accounts = await this.repo.accounts(round.id);
      await this.repo.updateEvaluation(evaluationId, { total: accounts.length });
      const context = await this.context(round, accounts);
      for (let i = 0; i < accounts.length; i += CHUNK) {
        const chunk = accounts.slice(i, i + CHUNK);
        const facts = await this.chunkFacts(round, chunk, context);
        await this.transactions.run((tx) => this.store(tx, round, chunk, facts));
        await this.repo.updateEvaluation(evaluationId, { done: i + chunk.length });
      }
      await this.transactions.run(async (tx) => {
        const current = await this.repo.round(round.id, tx);
        if (current) await this.repo.saveRound(tx, Object.assign(current, { evaluatedAt: new Date() }));
      });
      await this.repo.updateEvaluation(evaluationId, { status: 'done', finishedAt: new Date() });
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
    await this.repo.updateScore(tx, account.id, score.score, score.verdict);
  }

  /** What every chunk shares: unit post counts in the quarter and the targets. */
  private async context(round: InspectionRound, accounts: InspectionAccount[]) {
    const { from, asOf } = roundPeriod(round, this.config.appTimezone);
    const unitIds = [...new Set(accounts.map((a) => a.unitId))];
    const [unitPosts, targets] = await Promise.all([this.facts.unitPostCounts(unitIds, from, asOf), this.facts.postTargets(round.quarter)]);
    return { unitPosts, targets };
  }

  private async chunkFacts(round: InspectionRound, chunk: InspectionAccount[], context: Awaited<ReturnType<InspectionEvaluationService['context']>>): Promise<AccountFacts[]> {
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
    const lastPosts = silent.length ? await this.facts.lastPosts(silent, asOf) : new Map();
    return chunk.map((a) => ({
      accountId: a.accountId,
      recentPosts: recent.get(a.accountId) ?? 0,
      lastPost: lastPosts.get(a.accountId) ?? null,
      windowDays,
      unitPosts: context.unitPosts.get(a.unitId) ?? 0,
      unitTarget: context.targets.get(a.unitId) ?? context.targets.get(0) ?? null,
      findings: findingFacts(findings.get(a.accountId) ?? [], from, asOf, (kind) => detectorRegistry.get(kind)?.severity),
      brokenColumns: columns.get(a.accountId) ?? [],
      missedTasks: tasks.get(a.accountId) ?? [],
    }));
  }

  /** Stores a chunk's auto results and the scores they give with the manual items. */
  private async store(tx: Transaction, round: InspectionRound, chunk: InspectionAccount[], facts: AccountFacts[]): Promise<void> {
    const ids = chunk.map((a) => a.accountId);
    const results: Omit<InspectionItemResult, 'id'>[] = [];
    const hitsOf = new Map(facts.map((f) => [f.accountId, autoHits(f)]));
    for (const [accountId, hits] of hitsOf) for (const h of hits) results.push({ roundId: round.id, accountId, code: h.code, count: h.count, evidence: h.evidence });
    await this.repo.replaceItemResults(tx, round.id, ids, results);
    const manual = await this.repo.manualItems(round.id, ids, tx);
    for (const account of chunk) {
      const mine = manual.filter((m) => m.accountId === account.accountId);
      const score = scoreAccount(round.indicators, mergeHits(hitsOf.get(account.accountId) ?? [], mine));
      await this.repo.updateScore(tx, account.id, score.score, score.verdict);
    }
  }
}
