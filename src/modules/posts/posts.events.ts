import type { Transaction } from '../../database/transactions';

/**
 * New posts of an account are being stored: told inside the storing transaction, with
 * `EventBus.emitRequired`. What a listener writes in `tx` commits with the posts or
 * not at all, and a listener that throws fails the store (repost-task matching records the
 * account as pending here, so no crash or database blip between the two can lose it).
 *
 * Deliberately not a fire-and-forget event: it is a step of the store, awaited in the
 * transaction, and behaves the same on SQLite and MariaDB (one connection, one transaction).
 */
export class PostsStoringEvent {
  constructor(
    readonly tx: Transaction,
    readonly accountId: number,
    readonly inserted: number,
    /** The latest publishedAt among the stored batch. */
    readonly latestPublishedAt: Date,
  ) {}
}

/**
 * New posts of an account were stored (committed), by a poll or an import; told with
 * `EventBus.emit` (a failing listener never fails the store). Repost-task matching and the
 * findings detectors listen.
 */
export class PostsStoredEvent {
  constructor(
    readonly accountId: number,
    readonly inserted: number,
    /** The latest publishedAt among the stored batch. */
    readonly latestPublishedAt: Date,
  ) {}
}

/**
 * Stored posts of an account were corrected (the source now gives another title or text for
 * the same post): told after commit with `EventBus.emit`. The findings detectors rescan them
 * (their content hash changed), so a hit that is gone resolves.
 */
export class PostsCorrectedEvent {
  constructor(
    readonly accountId: number,
    readonly corrected: number,
  ) {}
}
