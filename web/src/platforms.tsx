// The platforms accounts may be on, from the server's registry (GET /api/platforms): loaded
// once and shared by every page, with each platform's mark (平台图标) and the account form's
// hints. Until the list arrives (or if it cannot), a platform shows as its code.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { api } from './api/client';
import type { PlatformIconView, PlatformView } from './api/schema';
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

/** Loads the list again (after a platform was added or changed) and updates every page showing it. */
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
  /** The platform's entry, or undefined while the list is not loaded or the code is unknown. */
  get: (code: Platform | null | undefined) => PlatformView | undefined;
  /** code → name, for label maps. */
  labels: Record<Platform, string>;
  /** Options for an antd Select (text labels, so typing filters them). */
  options: { value: Platform; label: string }[];
}

export function usePlatforms(): Platforms {
  const list = useSyncExternalStore(subscribe, () => loaded);
  useEffect(() => {
    if (!loaded) load().catch(() => undefined); // codes are shown instead; a 401 has already ended the session
  }, []);
  return useMemo(() => {
    const entries = list ?? [];
    const byCode = new Map(entries.map((p) => [p.code, p]));
    const labels: Record<Platform, string> = Object.fromEntries(entries.map((p) => [p.code, p.name]));
    return {
      list: entries,
      loaded: list !== null,
      labels,
      get: (code) => (code ? byCode.get(code) : undefined),
      nameOf: (code) => (code === null || code === undefined ? '—' : (labels[code] ?? code)),
      options: entries.map((p) => ({ value: p.code, label: p.name })),
    };
  }, [list]);
}

/** A platform's mark as a small badge: its colour with its 1–2 characters; a blank square while unknown. */
export function PlatformIconBadge({ icon, size = 18, title }: { icon: PlatformIconView | undefined; size?: number; title?: string }) {
  const glyph = icon?.glyph ?? '';
  return (
    <span
      className="platform-icon"
      role={title ? 'img' : undefined}
      aria-label={title}
      aria-hidden={title ? undefined : true}
      title={title}
      data-glyph={glyph}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        flex: 'none',
        width: size,
        height: size,
        borderRadius: Math.round(size / 4),
        background: icon?.color ?? '#d9d9d9',
        color: icon?.textColor ?? '#fff',
        fontSize: Math.round(size * ([...glyph].length > 1 ? 0.42 : 0.6)),
        fontWeight: 600,
        lineHeight: 1,
        letterSpacing: 0,
        verticalAlign: 'middle',
      }}
    >
      {glyph}
    </span>
  );
}

/** A platform's mark by code (from the server's registry). */
export function PlatformIcon({ code, size }: { code: Platform | null | undefined; size?: number }) {
  const platforms = usePlatforms();
  return <PlatformIconBadge icon={platforms.get(code)?.icon} size={size} title={platforms.nameOf(code)} />;
}

/**
 * How every page shows a platform: its mark and its Chinese name (or its code while the list
 * is loading or the code is unknown).
 */
export function PlatformTag({ code }: { code: Platform | null | undefined }) {
  const platforms = usePlatforms();
  if (code === null || code === undefined) return <>—</>;
  const entry = platforms.get(code);
  return (
    <span className="platform-tag" data-platform={code} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, verticalAlign: 'middle', whiteSpace: 'nowrap' }}>
      <PlatformIconBadge icon={entry?.icon} />
      <span>{platforms.nameOf(code)}</span>
    </span>
  );
}

/** Select options with each platform's mark (`optionRender` of an antd Select over `options`). */
export function platformOptionRender(option: { value?: string | number | null }) {
  return <PlatformTag code={option.value === null || option.value === undefined ? null : String(option.value)} />;
}

/** When no platform is chosen yet, or it has no hint of its own. */
const GENERIC_HINTS = { id: '账号在平台上的ID，选择平台后显示填写示例', homepage: 'https://' };

/** What the account form's 账号ID and 主页链接 fields take on a platform (its hints in the registry). */
export function usePlatformHints(code: Platform | null | undefined): { id: string; homepage: string } {
  const entry = usePlatforms().get(code);
  return { id: entry?.idHint ?? GENERIC_HINTS.id, homepage: entry?.homepageHint ?? GENERIC_HINTS.homepage };
}
