/** The only version IAM accepts for policies with variables and conditions (AWS `Version` element). */
export const POLICY_VERSION = '2012-10-17';

export type Effect = 'Allow' | 'Deny';

/** JSON scalars IAM accepts as condition values; the type is kept so the stored form round-trips. */
export type ConditionValue = string | number | boolean;

/** `{ operator: { key: values } }`; values of one key are OR'd, keys and operators are AND'd. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly ConditionValue[]>>>>;

/** One statement in canonical form: list elements are always arrays, sorted and de-duplicated. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: Effect;
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  readonly Condition?: ConditionBlock;
}

/** A validated identity (or session) policy; `parsePolicy` returns it deeply frozen. */
export interface PolicyDocument {
  readonly Version: typeof POLICY_VERSION;
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

export type RequestContextValue = string | readonly string[] | undefined;

/**
 * What a caller asks to do. `resource` is an ARN (`arn:aws:s3:::bucket/key`); leave it out for
 * actions that have none (admin, sts, kms), whose statements MinIO matches without looking at
 * Resource (minio/pkg policy/statement.go). Context keys are case-insensitive, as in AWS.
 */
export interface AccessRequest {
  readonly action: string;
  readonly resource?: string;
  readonly context?: Readonly<Record<string, RequestContextValue>>;
}

export type PolicyDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
