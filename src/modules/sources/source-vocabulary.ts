/** What a source is: its kinds, settings and state between polls. Pure: the polling adapters speak it. */

export const SOURCE_KINDS = ['feed', 'wechat_api', 'weibo_api', 'manual'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Opaque per-source state between polls (ETag, since_id, …), stored as JSON. */
export type SourceCursor = Record<string, string | number | null>;

/** The settings an adapter needs, secrets already decrypted. */
export interface SourceSettings {
  kind: SourceKind;
  url?: string | null;
  baseUrl?: string | null;
  appId?: string | null;
  appSecret?: string | null;
  uid?: string | null;
  accessToken?: string | null;
}

/** How a poll failed (see polling/adapters/types.ts, SourceError). */
export type SourceErrorKind = 'transient' | 'config' | 'rate_limited' | 'quota';
