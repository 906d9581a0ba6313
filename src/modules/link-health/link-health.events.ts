import type { ReasonCode } from './engine/types';

/**
 * A column's link broke or recovered (a change of state, never one per check; a retried batch
 * tells it again for the columns it had already applied). Told with `EventBus.emitRequired`
 * after the column is updated and before the run's item is credited: a listener that throws
 * fails the batch, which is tried again, so what listens is never lost. Alerts listen.
 */
export class LinkStatusChangedEvent {
  constructor(
    readonly column: { id: number; accountId: number; name: string; url: string },
    /** The column's unit (through its account) and account name, when known. */
    readonly unitId: number | null,
    readonly accountName: string | null,
    readonly health: 'broken' | 'ok',
    readonly result: { reason: ReasonCode; httpStatus: number | null; finalUrl: string | null },
  ) {}
}
