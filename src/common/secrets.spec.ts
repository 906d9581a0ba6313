import { generateSecretKey, parseSecretKey, SecretBox, SecretKeyError } from './secrets';

describe('SecretBox (AES-256-GCM)', () => {
  const key = generateSecretKey();

  it('round-trips and never stores the plain text', () => {
    const box = new SecretBox(key);
    const stored = box.encrypt('wx-secret-123');
    expect(stored).not.toContain('wx-secret-123');
    expect(stored.startsWith('v1:')).toBe(true);
    expect(box.encrypt('wx-secret-123')).not.toBe(stored);
    expect(box.decrypt(stored)).toBe('wx-secret-123');
  });

  it('refuses another key and altered values', () => {
    const stored = new SecretBox(key).encrypt('abc');
    expect(() => new SecretBox(generateSecretKey()).decrypt(stored)).toThrow();
    const parts = stored.split(':');
    parts[3] = Buffer.from('zzz').toString('base64');
    expect(() => new SecretBox(key).decrypt(parts.join(':'))).toThrow();
  });

  it('accepts 64 hex characters or base64 of 32 bytes only', () => {
    expect(parseSecretKey('a'.repeat(64))).toHaveLength(32);
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64'))).toHaveLength(32);
    expect(() => parseSecretKey('short')).toThrow(SecretKeyError);
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'))).toThrow(SecretKeyError);
  });
});
