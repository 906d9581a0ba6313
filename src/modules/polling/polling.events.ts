import type { SourceErrorKind } from '../source-kinds/post-source';

/**
 * A poll of an account failed (recorded on its source first). Told with `EventBus.emitRequired`:
 * a listener that throws fails the poll's bookkeeping as the direct call did. Alerts listen
 * (`source_config` at once for a configuration error, `poll_failing` from a threshold on).
 */
export class PollFailedEvent {
  constructor(
    readonly account: { id: number; unitId: number; name: string },
    readonly failure: { kind: SourceErrorKind; code: string | number | null; message: string },
    /** Consecutive failures that count (rate limits and quotas do not). */
    readonly failures: number,
  ) {}
}

/** A poll succeeded after failures (or an error) were recorded on the source. Told like PollFailedEvent. Alerts listen. */
export class PollRecoveredEvent {
  constructor(readonly accountId: number) {}
}
