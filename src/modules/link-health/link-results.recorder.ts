import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../database/transactions';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { EventBus } from '../../common/events/event-bus';
import { ColumnsService, ColumnTarget } from '../columns/columns.service';
import { AccountColumn } from '../columns/column.entity';
import { CheckResult } from './engine/types';
import { LinkStatusChangedEvent } from './link-health.events';
import { LinkCheck, LinkCheckItemStatus } from './link-check.entity';
import { LinkCheckRunsRepository } from './link-check-runs.repository';
import { LinkChecksRepository } from './link-checks.repository';
import { PendingResult, ResultWriter } from './result-writer';

const PROGRESS_EVERY_MS = 1_000;
/** A group write that loses a deadlock or a lock wait is tried this many times in all. */
const WRITE_ATTEMPTS = 4;

function isLockConflict(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (error as { code?: string })?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}

/**
 * Where a run's results go: each check stored, applied to its column (LinkStatusChangedEvent when
 * a link breaks or recovers), its item credited, the run's counters recomputed from the items,
 * and old checks pruned. Used by the sweep runner (link-sweep.runner.ts); the only writer of
 * `link_checks` and of the items' and runs' progress.
 */
@Injectable()
export class LinkResultsRecorder {
  private readonly lastFlush = new Map<number, number>();

  constructor(
    private readonly runs: LinkCheckRunsRepository,
    private readonly checks: LinkChecksRepository,
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly columns: ColumnsService,
    private readonly bus: EventBus,
  ) {}

  /** The columns of these items; items whose column was deleted meanwhile leave the run (total shrinks). */
  async targetsOf(runId: number, columnIds: number[]): Promise<ColumnTarget[]> {
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
  async appliedIn(runId: number, targets: ColumnTarget[]): Promise<Set<number>> {
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
  async record(writer: ResultWriter, runId: number, target: ColumnTarget, result: CheckResult, confirmation: boolean, from: LinkCheckItemStatus, reapply: boolean): Promise<void> {
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
  async writeGroup(runId: number, group: PendingResult[]): Promise<void> {
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
   * Recomputes the run's counters from its items and marks it done when every item is finished.
   * Idempotent and process-independent: each batch flushes after its last credit, so whichever
   * process credits last sees every item finished. At most once a second per run while a batch runs.
   */
  async flushRun(runId: number, force = false): Promise<void> {
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
  async prune(columnIds: number[]): Promise<void> {
    await this.checks.prune(columnIds, this.config.linkCheckRetention);
  }
}
