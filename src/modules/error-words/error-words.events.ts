/**
 * The 错敏词 library changed (a word added, edited or deleted, an allowed phrase added or
 * removed, an import): told after commit with `EventBus.emit`. The findings module rescans the
 * posts (debounced: a burst of edits gives one rescan).
 */
export class ErrorWordsChangedEvent {
  constructor(readonly action: 'create' | 'update' | 'delete' | 'allow_add' | 'allow_remove' | 'import') {}
}
