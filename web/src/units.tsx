// Every unit's name, loaded once (GET /api/units, 200 a page: one request for any county) and
// shared by every component that shows a unit by id — a table of a hundred rows asks once, not per
// row. A unit missing from the list (created since it was loaded, or the list could not be read)
// is asked for by itself, once.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { api } from './api/client';
import type { UnitPage, UnitView } from './api/schema';

const PAGE_SIZE = 200;

interface UnitsState {
  /** null until the list has loaded. */
  units: Map<number, UnitView> | null;
  /** The list could not be read: units are asked for one by one. */
  listFailed: boolean;
  /** Units that could not be read by themselves either. */
  failed: Set<number>;
}

/** Replaced (never changed in place) on each change: the snapshot React compares. */
let state: UnitsState = { units: null, listFailed: false, failed: new Set() };
let pending: Promise<void> | null = null;
const single = new Map<number, Promise<void>>();
const subscribers = new Set<() => void>();

function subscribe(notify: () => void): () => void {
  subscribers.add(notify);
  return () => subscribers.delete(notify);
}

function update(patch: Partial<UnitsState>) {
  state = { ...state, ...patch };
  subscribers.forEach((notify) => notify());
}

async function fetchAll(): Promise<Map<number, UnitView>> {
  const units = new Map<number, UnitView>();
  for (let page = 1; ; page++) {
    const result = await api.get<UnitPage>('/units', { page, pageSize: PAGE_SIZE });
    for (const unit of result.items) units.set(unit.id, unit);
    if (result.items.length < PAGE_SIZE || page * PAGE_SIZE >= result.total) return units;
  }
}

function load(): Promise<void> {
  pending ??= fetchAll().then(
    (units) => update({ units, listFailed: false }),
    () => {
      pending = null; // asked again by reloadUnits
      update({ listFailed: true });
    },
  );
  return pending;
}

/** Loads the list again (after a unit was added, renamed or abolished) and updates every name shown; a list never loaded stays unloaded. */
export function reloadUnits(): Promise<void> {
  pending = null;
  single.clear();
  state = { ...state, listFailed: false, failed: new Set() };
  return state.units || subscribers.size > 0 ? load() : Promise.resolve();
}

/** One unit the list did not have: fetched by itself, once. */
function loadOne(id: number): void {
  if (single.has(id)) return;
  single.set(
    id,
    api.get<UnitView>(`/units/${id}`).then(
      (unit) => update({ units: new Map(state.units ?? []).set(unit.id, unit) }),
      () => update({ failed: new Set(state.failed).add(id) }),
    ),
  );
}

export type UnitLookup = { status: 'loading' } | { status: 'found'; unit: UnitView } | { status: 'failed' };

/** The unit with this id from the shared list; null for no id. */
export function useUnit(id: number | null | undefined): UnitLookup | null {
  const current = useSyncExternalStore(subscribe, () => state);
  const known = id === null || id === undefined ? undefined : current.units?.get(id);
  const missing = id !== null && id !== undefined && !known && (current.units !== null || current.listFailed);
  useEffect(() => {
    if (!state.units && !state.listFailed) void load();
  }, []);
  useEffect(() => {
    if (missing) loadOne(id);
  }, [missing, id]);
  if (id === null || id === undefined) return null;
  if (known) return { status: 'found', unit: known };
  return current.failed.has(id) ? { status: 'failed' } : { status: 'loading' };
}

/** Every unit (in the list's order: by code, then name); null while loading; `failed` when it could not be read. */
export function useUnitList(): { units: UnitView[] | null; failed: boolean } {
  const current = useSyncExternalStore(subscribe, () => state);
  useEffect(() => {
    if (!state.units && !state.listFailed) void load();
  }, []);
  const units = useMemo(() => (current.units ? [...current.units.values()] : null), [current.units]);
  return { units, failed: current.listFailed };
}
