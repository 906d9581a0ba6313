/**
 * What a source kind is (采集方式): its settings, the platforms it serves and its adapter. Pure,
 * no framework: the built-ins are one file each under builtin/, registered in builtin/index.ts.
 */
import type { PostSource } from './post-source';

/** Stored in `account_sources.kind` and `posts.origin` (varchar(16)). */
export const SOURCE_KIND = /^[a-z][a-z0-9_]{1,15}$/;

/** The settings an account's source may have (columns of `account_sources`; secrets stored encrypted). */
export const SOURCE_FIELDS = ['url', 'baseUrl', 'appId', 'appSecret', 'uid', 'accessToken'] as const;
export type SourceField = (typeof SOURCE_FIELDS)[number];

/** Write-only settings: stored encrypted, shown only as "set", dropped when the address or identity they were entered for changes. */
export type SecretSourceField = Extract<SourceField, 'appSecret' | 'accessToken'>;
export const SECRET_FIELDS: readonly SecretSourceField[] = ['appSecret', 'accessToken'];
/** The other settings: stored and shown as they are; together with the kind they are the address and identity secrets belong to. */
export type PlainSourceField = Exclude<SourceField, SecretSourceField>;
export const PLAIN_FIELDS: readonly PlainSourceField[] = ['url', 'baseUrl', 'appId', 'uid'];

export interface SourceKindDefinition {
  /** `SOURCE_KIND`; what `PUT /api/accounts/{id}/source` takes as `kind` and posts show as `origin`. */
  readonly kind: string;
  /** The Chinese name (订阅源, 微信公众号接口…). */
  readonly label: string;
  /** The settings it uses; a request giving any other is refused (400). */
  readonly fields: readonly SourceField[];
  /** Settings that must be set, each with the message a person reads when it is not. */
  readonly required?: Readonly<Partial<Record<SourceField, string>>>;
  /** The platform codes it serves (`GET /api/platforms` lists it under them); omitted: every platform. */
  readonly platforms?: readonly string[];
  /**
   * Its adapter, made once per process; omitted for a kind that is never polled (its posts
   * come through the import, like `manual`).
   */
  createSource?(): PostSource;
}
