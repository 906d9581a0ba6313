// The platforms accounts may be on, from the server's registry (GET /api/platforms): loaded
// once and shared by every page. Until the list arrives (or if it cannot), a platform shows as
// its code.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { api } from './api/client';
import type { PlatformView } from './api/schema';
import type { Platform } from './api/models';

let loaded: PlatformView[] | null = null;
let pending: Promise<PlatformView[]> | null = null;
const subscribers = new Set<() => void>();

function subscribe(notify: () => void): () => void {
  subscribers.add(notify);
  return () => subscribers.delete(notify);
}

function load(): Promise<PlatformView[]> {
  if (!pending) {
    pending = api
      .get<PlatformView[]>('/platforms')
      .then((list) => {
        loaded = list;
        subscribers.forEach((notify) => notify());
        return list;
      })
      .catch((err: unknown) => {
        pending = null; // the next page that needs the list asks again
        throw err;
      });
  }
  return pending;
}

/** Loads the list again (after a platform was added) and updates every page showing it. */
export function reloadPlatforms(): Promise<PlatformView[]> {
  pending = null;
  return load();
}

export interface Platforms {
  /** In the server's order (其他 last); empty until loaded. */
  list: PlatformView[];
  loaded: boolean;
  /** The Chinese name, or the code while the list is not loaded or the code is unknown. */
  nameOf: (code: Platform | null | undefined) => string;
  /** code → name, for label maps. */
  labels: Record<Platform, string>;
  /** Options for an antd Select. */
  options: { value: Platform; label: string }[];
}

export function usePlatforms(): Platforms {
  const list = useSyncExternalStore(subscribe, () => loaded);
  useEffect(() => {
    if (!loaded) load().catch(() => undefined); // codes are shown instead; a 401 has already ended the session
  }, []);
  return useMemo(() => {
    const entries = list ?? [];
    const labels: Record<Platform, string> = Object.fromEntries(entries.map((p) => [p.code, p.name]));
    return {
      list: entries,
      loaded: list !== null,
      labels,
      nameOf: (code) => (code === null || code === undefined ? '—' : (labels[code] ?? code)),
      options: entries.map((p) => ({ value: p.code, label: p.name })),
    };
  }, [list]);
}

/** A platform's Chinese name, for places that are no component of their own (table cells, evidence). */
export function PlatformName({ code }: { code: Platform | null | undefined }) {
  return <>{usePlatforms().nameOf(code)}</>;
}
