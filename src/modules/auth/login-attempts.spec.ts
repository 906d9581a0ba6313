import { clientKey } from './auth.service';
import { MemoryWindowStore } from '../../common/window-store';
import { LoginAttempts } from './login-attempts';

describe('LoginAttempts', () => {
  it('refuses once the failures in the window reach the limit, and lets the client in when the oldest ages out', async () => {
    let now = 1_000_000;
    const store = new MemoryWindowStore(() => now);
    const attempts = new LoginAttempts(store, 'pair', 3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(await attempts.retryAfterSeconds('k')).toBe(0);
      await attempts.recordFailure('k');
      now += 1000;
    }
    expect(await attempts.retryAfterSeconds('k')).toBe(57);
    expect(await attempts.retryAfterSeconds('other')).toBe(0);
    // Another counter on the same store keeps its own keys.
    expect(await new LoginAttempts(store, 'user', 3, 60_000).retryAfterSeconds('k')).toBe(0);
    now += 57_000;
    expect(await attempts.retryAfterSeconds('k')).toBe(0);
    await attempts.recordFailure('k');
    await attempts.recordFailure('k');
    await attempts.reset('k');
    expect(await attempts.retryAfterSeconds('k')).toBe(0);
  });
});

describe('clientKey', () => {
  it('counts an IPv6 client by its /64 and an IPv4-mapped one by its IPv4 address', () => {
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2::ffff')).toBe(clientKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'));
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('unknown')).toBe('unknown');
  });
});
