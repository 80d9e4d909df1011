import type { SignedRequest } from '#contracts';

/** The first value of a header by case-insensitive name, as the gateway forwarded it. */
export function findHeader(request: Pick<SignedRequest, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  // Names of another length cannot match: they are not lower-cased (this runs several times per request).
  for (const [n, value] of request.headers) if (n.length === lower.length && n.toLowerCase() === lower) return value;
  return undefined;
}
