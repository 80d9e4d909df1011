import { StsError } from '#contracts';

export const malformed = (message: string) => new StsError('MalformedPolicyDocument', message);

/** Echoes a caller's value in an error, bounded so a hostile document cannot inflate responses. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
