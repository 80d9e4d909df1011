/**
 * The normalized form of an LDAP DN (RFC 4514), as MinIO keys LDAP policy mappings: attribute
 * types lower-cased, spaces around `=`, `,` and `+` dropped, values kept as written (escapes too).
 * Returns null for a string that is not a DN.
 */
export function normalizeDn(dn: string): string | null {
  const rdns = splitUnescaped(dn.trim(), ',');
  if (rdns.length === 0 || rdns.some((rdn) => rdn.trim() === '')) return null;
  const out: string[] = [];
  for (const rdn of rdns) {
    const parts = splitUnescaped(rdn, '+').map(normalizeAttribute);
    if (parts.some((p) => p === null)) return null;
    out.push(parts.join('+'));
  }
  return out.join(',');
}

function normalizeAttribute(ava: string): string | null {
  const eq = ava.indexOf('=');
  if (eq < 1) return null;
  const type = ava.slice(0, eq).trim().toLowerCase();
  const value = ava.slice(eq + 1).trim();
  if (!/^([a-z][a-z0-9-]*|\d+(\.\d+)*)$/.test(type) || value === '') return null;
  return `${type}=${value}`;
}

/** Splits on a separator that is not escaped with a backslash. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}
