import { describe, expect, it } from '@jest/globals';
import { ReleaseLoginFailuresRequest, ReserveLoginFailuresRequest } from './login-failures.js';

describe('login failure budget messages', () => {
  it('refuses a reservation that lists one key twice, which would take two units after one check', () => {
    const key = { key: 'user:0123abcd', limit: 3 };
    expect(ReserveLoginFailuresRequest.safeParse({ keys: [key, { key: 'client:192.0.2.1', limit: 3 }], windowSeconds: 60 }).success).toBe(true);
    expect(ReserveLoginFailuresRequest.safeParse({ keys: [key, key], windowSeconds: 60 }).success).toBe(false);
  });

  it('gives back every reservation of one login in one message, at most four', () => {
    const held = { keys: ['user:0123abcd', 'client:192.0.2.1'], reservation: 'mx5vrcfl-366b6142d1f6' };
    expect(ReleaseLoginFailuresRequest.safeParse({ reservations: [held, { keys: ['dn:0123abcd'], reservation: 'mx5vrcfl-0a' }] }).success).toBe(true);
    expect(ReleaseLoginFailuresRequest.safeParse({ reservations: [] }).success).toBe(false);
    expect(ReleaseLoginFailuresRequest.safeParse({ reservations: Array(5).fill(held) }).success).toBe(false);
    expect(ReleaseLoginFailuresRequest.safeParse({ keys: held.keys, reservation: held.reservation }).success).toBe(false);
  });
});
