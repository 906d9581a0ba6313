/**
 * The leaders' list (领导姓名职务) changed: told after commit with `EventBus.emit` (an unchanged
 * list tells nothing). The findings module rescans the posts (debounced).
 */
export class LeadersChangedEvent {
  constructor(readonly count: number) {}
}
