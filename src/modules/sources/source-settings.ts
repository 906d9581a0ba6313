/**
 * What a `PUT /api/accounts/{id}/source` stores, from the kind's definition (source-kinds
 * registry): pure, no framework, no I/O (encryption is passed in).
 */
import type { FieldError } from '../../common/validation';
import { PLAIN_FIELDS, PlainSourceField, SECRET_FIELDS, SecretSourceField, SOURCE_FIELDS, SourceField, SourceKindDefinition } from '../source-kinds/source-kind';

/** The settings as a request gives them (`undefined`: not given). */
export type SettingsInput = { kind: string } & { [F in SourceField]?: string | null };

/** The stored settings of a source: the kind, the plain fields, the encrypted secrets. */
export type StoredSettings = { kind: string } & Record<PlainSourceField, string | null> & { appSecretEnc: string | null; accessTokenEnc: string | null };

/** Where each secret is kept, and how messages name it. */
export const SECRET_COLUMNS: Record<SecretSourceField, { column: 'appSecretEnc' | 'accessTokenEnc'; name: string }> = {
  appSecret: { column: 'appSecretEnc', name: 'AppSecret' },
  accessToken: { column: 'accessTokenEnc', name: 'access_token' },
};

export interface ResolvedSettings {
  /** The plain settings to store (fields the kind does not use: null). */
  next: Pick<StoredSettings, 'kind' | PlainSourceField>;
  /** The encrypted secrets to store. */
  stored: Pick<StoredSettings, 'appSecretEnc' | 'accessTokenEnc'>;
  /** Secrets dropped because the address or identity changed without new ones. */
  cleared: SecretSourceField[];
  /** Whether the secrets stored before may stay (same kind, address and identity). */
  sameTarget: boolean;
  errors: FieldError[];
}

/**
 * The settings a request asks for. Fields the kind does not use are refused; an omitted
 * `baseUrl` keeps the stored one of the same kind (null asks for the platform's official
 * address); other plain fields are replaced. Secrets belong to the address and identity they
 * were entered for (SECURITY.md): a change drops them unless new ones come with it. A secret
 * this request dropped is reported as not set; one never entered is required.
 */
export function resolveSettings(definition: SourceKindDefinition, input: SettingsInput, before: StoredSettings | null, encrypt: (secret: string) => string): ResolvedSettings {
  const uses = (field: SourceField) => definition.fields.includes(field);
  const sameKind = before?.kind === definition.kind;
  const next = { kind: definition.kind } as ResolvedSettings['next'];
  for (const field of PLAIN_FIELDS) {
    const given = input[field];
    next[field] = !uses(field) ? null : field === 'baseUrl' && given === undefined ? (sameKind ? before!.baseUrl : null) : (given ?? null);
  }
  const sameTarget = !!before && sameKind && PLAIN_FIELDS.every((field) => (before[field] ?? null) === next[field]);
  const stored = { appSecretEnc: null, accessTokenEnc: null } as ResolvedSettings['stored'];
  const cleared: SecretSourceField[] = [];
  for (const field of SECRET_FIELDS) {
    if (!uses(field)) continue;
    const { column } = SECRET_COLUMNS[field];
    const given = input[field];
    stored[column] = given ? encrypt(given) : sameTarget ? (before?.[column] ?? null) : null;
    if (!given && !!before?.[column] && sameKind && !sameTarget) cleared.push(field);
  }
  const errors: FieldError[] = [];
  for (const field of SOURCE_FIELDS) {
    const message = definition.required?.[field];
    if (!message) continue;
    const secret = SECRET_FIELDS.find((f) => f === field);
    const missing = secret ? !stored[SECRET_COLUMNS[secret].column] && !cleared.includes(secret) : !next[field as PlainSourceField];
    if (missing) errors.push({ field, message });
  }
  for (const field of SOURCE_FIELDS) {
    if (input[field] !== undefined && input[field] !== null && !uses(field)) errors.push({ field, message: `类型 ${definition.kind} 不使用字段 ${field}，请删除它` });
  }
  return { next, stored, cleared, sameTarget, errors };
}
