/**
 * minio/pkg `GetValuesFromClaims`: a string is split on commas; an array contributes each string
 * element split the same way; names are trimmed and empties dropped. Any other type counts as
 * the claim being absent (undefined).
 */
export function policyNamesFromClaim(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.includes(',') ? splitNames([value]) : oneName(value.trim());
  if (Array.isArray(value)) return splitNames(value.filter((v): v is string => typeof v === 'string'));
  return undefined;
}

/** The common claim, one name without a comma (read twice per token exchange: `aud` and the policy claim). */
const oneName = (name: string): string[] => (name === '' ? [] : [name]);

/** Each name once, in the order of its first appearance; a loop, not flatMap/map/filter/Set copies, as it runs per token. */
function splitNames(values: readonly string[]): string[] {
  const names = new Set<string>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const name = part.trim();
      if (name !== '') names.add(name);
    }
  }
  return [...names];
}
