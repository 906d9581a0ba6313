/**
 * How a link-check run is cut into batch jobs ([scale]): by host, so one job's requests go to
 * one site and the host limits decide its pace. A host with more than `size` columns is split
 * into near-equal batches of at most `size` (several workers can share a big site, each still
 * within the shared per-host limit); hosts with fewer columns share batches, whole, up to `size`
 * columns (a sweep over thousands of small sites is not thousands of tiny jobs). Deterministic:
 * the same columns always give the same batches.
 */
export interface BatchTarget {
  columnId: number;
  url: string;
}

/** The host a link's requests go to (`host:port` as the checker limits it); '' when the URL is invalid. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** Batch number → the column ids of that batch (ascending), batches numbered from 0. */
export function planBatches(targets: BatchTarget[], size: number): Map<number, number[]> {
  const limit = Math.max(1, Math.floor(size));
  const byHost = new Map<string, number[]>();
  for (const t of targets) {
    const host = hostOf(t.url);
    const list = byHost.get(host);
    if (list) list.push(t.columnId);
    else byHost.set(host, [t.columnId]);
  }
  // Biggest hosts first (their batches are the long ones: start them early), then by name.
  const hosts = [...byHost].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const batches = new Map<number, number[]>();
  let shared: number[] | null = null;
  for (const [, ids] of hosts) {
    ids.sort((a, b) => a - b);
    if (ids.length >= limit) {
      const parts = Math.ceil(ids.length / limit);
      const per = Math.ceil(ids.length / parts);
      for (let i = 0; i < ids.length; i += per) batches.set(batches.size, ids.slice(i, i + per));
      continue;
    }
    if (!shared || shared.length + ids.length > limit) {
      shared = [];
      batches.set(batches.size, shared);
    }
    shared.push(...ids);
  }
  for (const ids of batches.values()) ids.sort((a, b) => a - b);
  return batches;
}
