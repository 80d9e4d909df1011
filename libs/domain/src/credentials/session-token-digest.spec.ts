import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { tokenMatchesDigest, tokenMatchesRecord } from './session-token-digest.js';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

describe(tokenMatchesRecord.name, () => {
  it('accepts the token the record was issued with, again and again', () => {
    const record = { sessionTokenSha256: digest('token-1') };
    expect(tokenMatchesRecord('token-1', record)).toBe(true);
    expect(tokenMatchesRecord('token-1', record)).toBe(true);
  });

  it('refuses any other token, before and after the right one was seen', () => {
    const record = { sessionTokenSha256: digest('token-1') };
    expect(tokenMatchesRecord('token-2', record)).toBe(false);
    expect(tokenMatchesRecord('token-1', record)).toBe(true);
    expect(tokenMatchesRecord('token-1 ', record)).toBe(false);
    expect(tokenMatchesRecord('', record)).toBe(false);
  });

  it('answers per record, as tokenMatchesDigest does', () => {
    const one = { sessionTokenSha256: digest('a') };
    const other = { sessionTokenSha256: digest('b') };
    for (const [token, record] of [['a', one], ['b', one], ['a', other], ['b', other]] as const) {
      expect(tokenMatchesRecord(token, record)).toBe(tokenMatchesDigest(token, record.sessionTokenSha256));
    }
  });

  it('tells apart tokens that differ only beyond Latin-1, or only in length', () => {
    const record = { sessionTokenSha256: digest('tok\u0101') };
    expect(tokenMatchesRecord('tok\u0101', record)).toBe(true);
    for (const other of ['tok\u0001', 'tok\u0100', 'tok\u0101 ', 'tok', 'tok\u0101\u0101']) expect(tokenMatchesRecord(other, record)).toBe(false);
    expect(tokenMatchesRecord('tok\u0101', record)).toBe(true);
  });

  it('refuses against a malformed stored digest', () => {
    expect(tokenMatchesRecord('a', { sessionTokenSha256: 'not hex' })).toBe(false);
  });
});
