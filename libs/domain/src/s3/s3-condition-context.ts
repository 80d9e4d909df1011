import type { RequestContextValue } from '../policy/index.js';
import type { S3Call } from './s3-operations.js';
import type { S3Principal } from './s3-principal.js';

export interface ConnectionFacts {
  /** The peer address (no proxy header is trusted). */
  readonly sourceIp?: string;
  readonly secure: boolean;
  readonly now: Date;
  /** Every request header, lower-cased names (first value of each). */
  readonly headers: ReadonlyMap<string, string>;
}

/**
 * The condition keys MinIO fills for an S3 call (cmd/bucket-policy.go getConditionValues): the
 * listing parameters, the connection, the time, every `x-amz-*` header as `s3:x-amz-*`, and what
 * comes from the identity.
 */
export function s3ConditionContext(call: S3Call, principal: S3Principal, facts: ConnectionFacts): Record<string, RequestContextValue> {
  const context: Record<string, RequestContextValue> = {
    ...principal.identityContext,
    'aws:SourceIp': facts.sourceIp,
    'aws:SecureTransport': String(facts.secure),
    'aws:CurrentTime': facts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(facts.now.getTime() / 1000)),
    'aws:UserAgent': facts.headers.get('user-agent'),
    'aws:Referer': facts.headers.get('referer'),
    'aws:principaltype': principal.owner ? 'Account' : 'User',
  };
  for (const name of ['prefix', 'delimiter', 'max-keys'] as const) {
    const value = call.query.get(name);
    if (value !== null) context[`s3:${name}`] = value;
  }
  const versionId = call.query.get('versionId');
  if (versionId !== null) context['s3:versionid'] = versionId;
  for (const [name, value] of facts.headers) if (name.startsWith('x-amz-')) context[`s3:${name}`] = value;
  return context;
}
