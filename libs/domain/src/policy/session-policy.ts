import { Limits, StsError } from '#contracts';
import { normalizePolicy } from './normalize-policy.js';
import { parsePolicy } from './parse-policy.js';

/** MinIO measures the limit on the re-serialized policy, not the raw parameter (§1.7). */
export const MAX_SESSION_POLICY_LENGTH = Limits.sessionPolicy;

function parseSessionPolicy(raw: string): string {
  try {
    return normalizePolicy(parsePolicy(raw));
  } catch (error) {
    // STS reports a bad `Policy` parameter as InvalidParameterValue (MinIO cmd/sts-handlers.go).
    if (error instanceof StsError && error.code === 'MalformedPolicyDocument') {
      throw new StsError('InvalidParameterValue', error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * Validates an inline session policy (STS `Policy` parameter) and returns the normalized JSON
 * stored in the session token; empty means no session policy. MinIO compares `len()` of the
 * marshalled bytes with 2048, so the limit is counted in UTF-8 bytes.
 */
export function normalizeSessionPolicy(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const normalized = parseSessionPolicy(raw);
  if (Buffer.byteLength(normalized, 'utf8') > MAX_SESSION_POLICY_LENGTH) {
    throw new StsError('InvalidParameterValue', `Session policy should not exceed ${MAX_SESSION_POLICY_LENGTH} characters`);
  }
  return normalized;
}
