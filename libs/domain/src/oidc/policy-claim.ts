/**
 * minio/pkg `GetValuesFromClaims`: a string is split on commas; an array contributes each string
 * element split the same way; names are trimmed and empties dropped. Any other type counts as
 * the claim being absent (undefined).
 */
export function policyNamesFromClaim(value: unknown): string[] | undefined {
  if (typeof value === 'string') return splitNames([value]);
  if (Array.isArray(value)) return splitNames(value.filter((v): v is string => typeof v === 'string'));
  return undefined;
}

function splitNames(values: readonly string[]): string[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  return [...new Set(names)];
}
