/**
 * An account's source settings were saved (committed). New settings may fix what was wrong: told
 * with `EventBus.emitRequired` (a failing listener fails the request, as the direct call did).
 * Alerts listen (an open `source_config` ends; the next poll raises it again if not fixed).
 */
export class SourceConfiguredEvent {
  constructor(readonly accountId: number) {}
}
