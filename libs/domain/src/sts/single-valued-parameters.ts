import { StsError } from '#contracts';

/**
 * Form or query parameters with each key at most once. SigV4 sorts repeated keys before signing, so
 * `DurationSeconds=900&DurationSeconds=31536000` sent in either order carries the same signature: a
 * "first value wins" reader would let anyone on the path pick the value. Refused before any handler
 * reads a parameter (issue 11 case 5).
 */
export function singleValuedParameters(encoded: string, where: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(encoded)) {
    if (params.has(key)) throw new StsError('InvalidParameterValue', `The parameter ${key} appears more than once in the ${where}.`);
    params.set(key, value);
  }
  return params;
}
