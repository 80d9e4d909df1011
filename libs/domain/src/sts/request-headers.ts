import type { SignedRequest } from '#contracts';

/** The first value of a header by case-insensitive name, as the gateway forwarded it. */
export function findHeader(request: Pick<SignedRequest, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return request.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}
