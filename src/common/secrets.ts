/**
 * Secrets at rest (app secrets, access tokens): AES-256-GCM under APP_SECRET_KEY.
 * Stored form: `v1:<iv b64>:<tag b64>:<ciphertext b64>`. Pure Node crypto, no framework.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class SecretKeyError extends Error {}

/** APP_SECRET_KEY: 32 bytes written as 64 hex characters or as base64. */
export function parseSecretKey(raw: string): Buffer {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  throw new SecretKeyError('APP_SECRET_KEY must be 32 bytes written as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)');
}

export function generateSecretKey(): string {
  return randomBytes(32).toString('hex');
}

export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer | string) {
    this.key = typeof key === 'string' ? parseSecretKey(key) : key;
    if (this.key.length !== 32) throw new SecretKeyError('AES-256-GCM needs a 32-byte key');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  /** Throws when the value was not made under this key or was altered. */
  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split(':');
    if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new SecretKeyError('not an encrypted secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}

/** A path segment that looks like a key rather than a name: long, or letters mixed with digits (a robot's token, a UUID). */
function looksLikeToken(segment: string): boolean {
  return segment.length >= 16 || (segment.length >= 8 && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment));
}

/**
 * A URL fit to show and log when the URL itself is a credential (webhook and robot addresses
 * carry `key=`, `access_token=` or a token in the path): the origin and the path's names stay,
 * user info, query values, token-like path segments and the fragment become `***`.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '***';
  }
  const auth = url.username || url.password ? '***@' : '';
  const path = url.pathname
    .split('/')
    .map((segment) => (looksLikeToken(segment.replace(/%[0-9A-Fa-f]{2}/g, '_')) ? '***' : segment))
    .join('/');
  const query = [...url.searchParams.keys()].map((name) => `${encodeURIComponent(name)}=***`).join('&');
  return `${url.protocol}//${auth}${url.host}${path}${query ? `?${query}` : ''}${url.hash ? '#***' : ''}`;
}
