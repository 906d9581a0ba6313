import type { ColumnTarget } from '../columns/columns.service';
import type { CheckResult } from './engine/types';
import type { LinkCheckItemStatus } from './link-check.entity';

/** Most results written in one transaction by a batch's group writer; a group this big is written at once. */
const WRITE_GROUP_MAX = 200;
/** A result waits at most this long for others to share its transaction. */
const WRITE_AFTER_MS = 250;

export interface PendingResult {
  target: ColumnTarget;
  result: CheckResult;
  confirmation: boolean;
  from: LinkCheckItemStatus;
  to: LinkCheckItemStatus;
}

/**
 * Group commit for one batch job: results are collected and written together, one transaction
 * (one multi-row insert, the item moves per status) for what arrived within WRITE_AFTER_MS of the
 * first pending result or once WRITE_GROUP_MAX are pending, whichever comes first; results that
 * arrive while a write is under way go into the next. So a sweep writes a few transactions a
 * second, not one per link (with innodb_flush_log_at_trx_commit=1 every commit is a disk flush),
 * and the checker never waits for the database. `close` writes what is pending, waits for the
 * last write and throws the first failure (the batch is then tried again: nothing is credited
 * twice; results not yet written are checked again).
 */
export class ResultWriter {
  private pending: PendingResult[] = [];
  private writing: Promise<void> | null = null;
  private failure: unknown = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (group: PendingResult[]) => Promise<void>,
    private readonly afterMs = WRITE_AFTER_MS,
  ) {}

  add(result: PendingResult): void {
    if (this.failure) return; // the batch is tried again: what was not written is checked again
    this.pending.push(result);
    if (this.pending.length >= WRITE_GROUP_MAX) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.afterMs);
  }

  /** Starts writing what is pending unless a write is under way (that write takes it on when done). */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.failure) return;
    // Cleared in a callback, so never before the assignment (drain may end without awaiting).
    if (!this.writing && this.pending.length) this.writing = this.drain().finally(() => (this.writing = null));
  }

  /** A write failed: the batch will be tried again, so checking more of it is wasted. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** Writes what is pending and waits until nothing is being written. */
  async idle(): Promise<void> {
    this.flush();
    while (this.writing) {
      await this.writing;
      this.flush();
    }
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
