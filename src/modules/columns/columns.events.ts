/**
 * A column's link is no longer what was checked: its URL changed (its health starts over as
 * unknown) or the column was deleted. Told after commit with `EventBus.emitRequired` (a failing
 * listener fails the request, as the direct call did). Alerts listen (an open `link_broken` ends).
 */
export class ColumnLinkResetEvent {
  constructor(
    readonly columnId: number,
    readonly why: 'url_changed' | 'deleted',
  ) {}
}
