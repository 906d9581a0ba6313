/**
 * What the current HTTP request is, for code far from the controller: the client address
 * (after `trust proxy`) that the audit trail records. Set by a middleware in bootstrap.ts;
 * empty outside a request (jobs, CLI, worker). Pure Node (AsyncLocalStorage).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  clientIp: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `next` (the rest of the request's handling) with this request's context. */
export function runInRequestContext(context: RequestContext, next: () => void): void {
  storage.run(context, next);
}

/** The client address of the request being handled, or null outside one. `::ffff:1.2.3.4` is written `1.2.3.4`. */
export function currentClientIp(): string | null {
  const ip = storage.getStore()?.clientIp ?? null;
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return (mapped ? mapped[1] : ip).slice(0, 45);
}
