import { StsError } from '#contracts';

/**
 * Form or query parameters with each key at most once. SigV4 sorts repeated keys before signing, so
 * `DurationSeconds=900&DurationSeconds=31536000` sent in either order carries the same signature: a
 * "first value wins" reader would let anyone on the path pick the value. Refused before any handler
 * reads a parameter (issue 11 case 5).
 */
export function singleValuedParameters(encoded: string, where: string): Map<string, string> {
  const params = new Map<string, string>();
  if (encoded === '') return params; // no query string, the usual STS call
  if (LITERAL.test(encoded)) {
    for (const part of encoded.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq < 0) addOnce(params, part, '', where);
      else addOnce(params, part.slice(0, eq), part.slice(eq + 1), where);
    }
    return params;
  }
  for (const [key, value] of new URLSearchParams(encoded)) addOnce(params, key, value, where);
  return params;
}

/**
 * Characters that URLSearchParams passes through unchanged (no `%`, `+`, leading `?`, nothing
 * outside ASCII): such a form reads the same split by hand, at a fraction of the parser's cost
 * (GetCallerIdentity's `Action=GetCallerIdentity&Version=2011-06-15`). Anything else goes to it.
 */
const LITERAL = /^[\w.~=&-]*$/;

function addOnce(params: Map<string, string>, key: string, value: string, where: string): void {
  if (params.has(key)) throw new StsError('InvalidParameterValue', `The parameter ${key} appears more than once in the ${where}.`);
  params.set(key, value);
}
