import type { ContextValues } from './policy-variables.js';
import type { AccessRequest } from './types.js';

/** A request prepared once per authorization: lower-cased action and context keys. */
export interface PreparedRequest {
  readonly action: string;
  readonly resource?: string;
  readonly context: ContextValues;
}

/**
 * Context keys are case-insensitive in AWS. An undefined value or an empty list counts as the
 * key being absent, which is how AWS treats a key that "resolves to a null data set" (the
 * ForAllValues note in "Condition operators").
 */
export function prepareRequest(request: AccessRequest): PreparedRequest {
  const context = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(request.context ?? {})) {
    // Only strings take part, as MinIO adds only string claims as condition values (§7.5).
    const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
    if (values.length > 0) context.set(key.toLowerCase(), values);
  }
  return { action: request.action.toLowerCase(), resource: request.resource, context };
}
