import { StsError } from '#contracts';

/** Discovery documents and key sets are small; a larger answer is not an IdP we want to parse. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export const IDP_UNAVAILABLE = 'The identity provider could not be reached or gave an unusable answer; please try again.';

/** The IdP is unreachable, slow, or answered something unusable. The cause is for logs only. */
export const idpUnavailable = (cause: unknown) => new StsError('IDPCommunicationError', IDP_UNAVAILABLE, { cause });

export interface IdpReply {
  status: number;
  json: unknown;
}

/**
 * GET a JSON document from the IdP within `timeoutMs` (the whole exchange, body included). Network
 * failures, timeouts, oversize or non-JSON bodies become IDPCommunicationError; the status is the
 * caller's to judge.
 */
export async function getIdpJson(url: string, options: { timeoutMs: number; bearer?: string }): Promise<IdpReply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
    const text = await readLimited(response);
    return { status: response.status, json: response.ok ? JSON.parse(text) : undefined };
  } catch (error) {
    throw idpUnavailable(error);
  }
}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_RESPONSE_BYTES) throw new Error(`response of ${declared} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) throw new Error(`response over ${MAX_RESPONSE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What went wrong underneath an IdP error, for the operator's log (never for the caller). */
export function reason(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? `${cause.message}${cause.cause instanceof Error ? `: ${cause.cause.message}` : ''}` : error.message;
}
