import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { escapeFilterValue, groupSearchFilter, userSearchFilter } from './search-filter.js';

const unescape = (text: string) => text.replace(/\\([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('LDAP filter escaping (RFC 4515)', () => {
  it('escapes the characters that could add filter syntax', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f')).toBe('a\\2ab\\28c\\29d\\5ce\\00f');
    expect(userSearchFilter('(&(objectClass=person)(uid=%s))', ')(uid=*')).toBe('(&(objectClass=person)(uid=\\29\\28uid=\\2a))');
  });

  it('keeps non-ASCII usernames as UTF-8 so that they still match', () => {
    expect(userSearchFilter('(uid=%s)', 'józef')).toBe('(uid=józef)');
  });

  it('never expands replacement patterns typed in the username', () => {
    expect(userSearchFilter('(&(a=b)(uid=%s))', '$`$&$\'')).toBe("(&(a=b)(uid=$`$&$'))");
  });

  it('replaces %s and %d in one pass, so a %d inside the username stays text', () => {
    expect(groupSearchFilter('(|(memberUid=%s)(member=%d))', '%d*', 'uid=x,dc=y')).toBe('(|(memberUid=%d\\2a)(member=uid=x,dc=y))');
  });

  it('leaves no special character unescaped, and loses nothing, for any input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      const escaped = escapeFilterValue(value);
      expect(escaped.replace(/\\[0-9a-f]{2}/g, '')).not.toMatch(/[*()\\\0]/);
      expect(unescape(escaped)).toBe(value);
    }));
  });
});
