/** The characters RFC 4515 forbids unescaped in an assertion value: `*`, `(`, `)`, `\` and NUL. */
const SPECIAL = /[*()\\\0]/g;

/**
 * RFC 4515 escaping of an untrusted value placed in a filter, so a username can never add filter
 * syntax (`*`, `)(uid=*`) and widen a search. Written here because the domain cannot import
 * ldapts. Unlike go-ldap's EscapeFilter (MinIO), non-ASCII characters stay as UTF-8, which
 * RFC 4515 allows: ldapts decodes `\xx` escapes byte by byte as Latin-1, which would turn an
 * escaped `é` into `Ã©` and make non-ASCII usernames unmatchable.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(SPECIAL, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * `USER_DN_SEARCH_FILTER` with every `%s` replaced by the escaped username. Replacements go through
 * a function: a replacement string would expand `$\`` and `$&` typed in the username into filter text.
 */
export function userSearchFilter(template: string, username: string): string {
  const value = escapeFilterValue(username);
  return template.replaceAll('%s', () => value);
}

/**
 * `GROUP_SEARCH_FILTER`: `%s` → escaped username, `%d` → escaped user DN (as the server spelled it).
 * One pass, so a `%d` typed inside the username stays text (MinIO replaces twice).
 */
export function groupSearchFilter(template: string, username: string, userDn: string): string {
  const values = { '%s': escapeFilterValue(username), '%d': escapeFilterValue(userDn) };
  return template.replace(/%[sd]/g, (marker) => values[marker as '%s' | '%d']);
}

/** The templates with harmless stand-ins, for checking that they compile (MinIO `compileFilter`). */
export function sampleFilter(template: string): string {
  return template.replaceAll('%s', 'a').replaceAll('%d', 'uid=a,dc=min,dc=io');
}
