import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { reencodeUriComponent } from './uri-encoding.js';

describe(reencodeUriComponent.name, () => {
  it.each([
    ['unreserved characters', 'abc-XYZ_0.9~', 'abc-XYZ_0.9~'],
    ['an escaped reserved byte', 'a%2Fb', 'a%2Fb'],
    ['escaped UTF-8 bytes', '%E2%82%AC', '%E2%82%AC'],
    ['an escaped unreserved byte', '%41b', 'Ab'],
    ['lower-case hex', 'a%2fb', 'a%2Fb'],
    ['a bare percent', '50%', '50%25'],
    ['a truncated escape', '%4', '%254'],
    ['a space', 'a b', 'a%20b'],
    ['non-ASCII text', 'é', '%C3%A9'],
  ])('gives the canonical form of %s', (_, value, canonical) => {
    expect(reencodeUriComponent(value)).toBe(canonical);
  });

  it('reads + as a space only in the query string', () => {
    expect(reencodeUriComponent('a+b', true)).toBe('a%20b');
    expect(reencodeUriComponent('a+b')).toBe('a%2Bb');
  });

  it('leaves its own output unchanged, whatever the input (the already-canonical shortcut agrees with re-encoding)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), (value, plusIsSpace) => {
      const once = reencodeUriComponent(value, plusIsSpace);
      expect(reencodeUriComponent(once, plusIsSpace)).toBe(once);
    }), { numRuns: 500 });
  });
});
