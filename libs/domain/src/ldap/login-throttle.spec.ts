import { describe, expect, it } from '@jest/globals';
import { InMemoryLoginFailures } from '../testing/in-memory-directory.js';
import { clientKey, entryKey, LoginThrottle, usernameKey } from './login-throttle.js';

const LIMITS = { perUser: 3, perClient: 5, windowSeconds: 600 };

describe(LoginThrottle.name, () => {
  it('counts a username however it is cased or spaced, and never keeps it in clear', () => {
    expect(usernameKey('Alice')).toBe(usernameKey(' alice '));
    expect(usernameKey('alice')).not.toBe(usernameKey('alicia'));
    expect(usernameKey('alice')).toMatch(/^user:[0-9a-f]{32}$/);
  });

  it.each([
    ['192.0.2.7', 'client:192.0.2.7'],
    ['::ffff:192.0.2.7', 'client:192.0.2.7'],
    ['2001:db8:1:2:3:4:5:6', 'client:2001:db8:1:2::/64'],
    ['2001:db8::1', 'client:2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'client:fe80:0:0:0::/64'],
    ['not an address', undefined],
    [undefined, undefined],
  ])('keys the client %s as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });

  it('refuses a username once it has used up its failures, from any address', async () => {
    const budget = new InMemoryLoginFailures();
    const throttle = new LoginThrottle(budget, LIMITS);
    for (let i = 0; i < 3; i++) await throttle.begin('bob', `192.0.2.${i}`);
    await expect(throttle.begin('Bob', '198.51.100.1')).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(budget.windows).toEqual([600, 600, 600]);
  });

  it('refuses a client address once it has used up its failures, for any username', async () => {
    const throttle = new LoginThrottle(new InMemoryLoginFailures(), LIMITS);
    for (let i = 0; i < 5; i++) await throttle.begin(`user${i}`, '2001:db8::1');
    await expect(throttle.begin('someone-else', '2001:db8::ffff')).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(throttle.begin('someone-else', '2001:db9::1')).resolves.toBeDefined();
  });

  it('gives every reservation of an attempt back in one release, and keys an entry by its DN ignoring case', async () => {
    const budget = new InMemoryLoginFailures();
    const throttle = new LoginThrottle(budget, LIMITS);
    const attempt = await throttle.begin('bob', '192.0.2.1');
    await throttle.reserveEntry(attempt, 'uid=bob,dc=example,dc=org');
    expect([...budget.counters.values()]).toEqual([1, 1, 1]);
    await throttle.release(attempt);
    expect([...budget.counters.values()]).toEqual([0, 0, 0]);
    expect(budget.releases).toBe(1);
    expect(entryKey('uid=Bob,dc=example,dc=org')).toBe(entryKey('uid=bob,dc=example,dc=org'));
  });

  it('never lets parallel attempts past the limit: the check and the count are one step', async () => {
    const throttle = new LoginThrottle(new InMemoryLoginFailures(), LIMITS);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => throttle.begin('bob', '192.0.2.1')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  });
});
