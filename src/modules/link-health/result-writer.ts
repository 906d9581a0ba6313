import type { ColumnTarget } from '../columns/columns.service';
import type { CheckResult } from './engine/types';
import type { LinkCheckItemStatus } from './link-check.entity';

/** Most results written in one transaction by a batch's group writer. */
const WRITE_GROUP_MAX = 200;

export interface PendingResult {
  target: ColumnTarget;
  result: CheckResult;
  confirmation: boolean;
  from: LinkCheckItemStatus;
  to: LinkCheckItemStatus;
}

/**
 * Group commit for one batch job: a result is written as soon as no write is under way, and the
 * results that arrive meanwhile go together in the next transaction. So a quiet batch writes each
 * result at once, a busy one a group per commit (with innodb_flush_log_at_trx_commit=1 every
 * commit is a disk flush), and the checker never waits for the database. `close` waits for the
 * last write and throws the first failure (the batch is then tried again: nothing is credited twice).
 */
export class ResultWriter {
  private pending: PendingResult[] = [];
  private writing: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(private readonly write: (group: PendingResult[]) => Promise<void>) {}

  add(result: PendingResult): void {
    if (this.failure) return; // the batch is tried again: what was not written is checked again
    this.pending.push(result);
    // Cleared in a callback, so never before the assignment (drain may end without awaiting).
    if (!this.writing) this.writing = this.drain().finally(() => (this.writing = null));
  }

  /** A write failed: the batch will be tried again, so checking more of it is wasted. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** Waits for the write under way (if any); what is pending is written first. */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    await this.idle();
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    while (this.pending.length && !this.failure) {
      const group = this.pending.splice(0, WRITE_GROUP_MAX);
      try {
        await this.write(group);
      } catch (error) {
        this.failure = error;
      }
    }
  }
}
