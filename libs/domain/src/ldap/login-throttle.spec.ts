import { describe, expect, it } from '@jest/globals';
import { InMemoryLoginFailures } from '../testing/in-memory-directory.js';
import { clientKey, LoginThrottle, usernameKey } from './login-throttle.js';

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
    const counters = new InMemoryLoginFailures();
    const throttle = new LoginThrottle(counters, LIMITS);
    for (let i = 0; i < 3; i++) {
      await expect(throttle.assertAllowed('bob', `192.0.2.${i}`)).resolves.toBeUndefined();
      await throttle.recordFailure('bob', `192.0.2.${i}`);
    }
    await expect(throttle.assertAllowed('Bob', '198.51.100.1')).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(counters.windows).toEqual([600, 600, 600]);
  });

  it('refuses a client address once it has used up its failures, for any username', async () => {
    const throttle = new LoginThrottle(new InMemoryLoginFailures(), LIMITS);
    for (let i = 0; i < 5; i++) await throttle.recordFailure(`user${i}`, '2001:db8::1');
    await expect(throttle.assertAllowed('someone-else', '2001:db8::ffff')).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(throttle.assertAllowed('someone-else', '2001:db9::1')).resolves.toBeUndefined();
  });
});
