import type { FindingKind } from './detectors/types';

/**
 * A finding opened (stored; told with `EventBus.emitRequired`, so a failing listener fails the
 * scan as the direct call did). Alerts listen (one `finding` alert per finding).
 */
export class FindingOpenedEvent {
  constructor(
    readonly findingId: number,
    readonly kind: FindingKind,
    readonly unitId: number | null,
    readonly accountId: number | null,
    /** What the finding is about (an account, a post, a unit and platform…). */
    readonly subjectType: string,
    readonly subjectId: string,
    /** The detector's message, whole. */
    readonly message: string,
  ) {}
}

/**
 * An open finding closed: its condition ended (`resolved`) or a reviewer accepted it
 * (`accepted`). Told after the change with `EventBus.emitRequired`. Alerts listen.
 */
export class FindingResolvedEvent {
  constructor(
    readonly findingId: number,
    readonly outcome: 'resolved' | 'accepted',
  ) {}
}

/**
 * An open finding's facts changed (a newer latest post, more days without update): its message
 * is restated. Told with `EventBus.emitRequired`. Alerts listen (the open `finding` alert's text
 * follows, so it never states stale facts).
 */
export class FindingRestatedEvent {
  constructor(
    readonly findingId: number,
    readonly kind: FindingKind,
    readonly message: string,
  ) {}
}
