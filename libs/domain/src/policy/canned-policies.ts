import { parsePolicy } from './parse-policy.js';
import type { PolicyDocument } from './types.js';

const ALL_BUCKETS = 'arn:aws:s3:::*';
const allow = (actions: string[], resource?: string) =>
  resource === undefined ? { Effect: 'Allow', Action: actions } : { Effect: 'Allow', Action: actions, Resource: [resource] };
const policy = (...statements: object[]) => parsePolicy({ Version: '2012-10-17', Statement: statements });

/**
 * MinIO's built-in policies as pinned by minio/pkg v3.1.3 `policy/constants.go` (reference §8).
 * Later releases add a Deny of `admin:CreateUser` to `readonly` and more policies
 * (`consolereadonly`, `iamAdmin`, …); they are deliberately not here.
 */
export const CANNED_POLICIES: Readonly<Record<string, PolicyDocument>> = Object.freeze({
  readwrite: policy(allow(['s3:*'], ALL_BUCKETS)),
  readonly: policy(allow(['s3:GetBucketLocation', 's3:GetObject'], ALL_BUCKETS)),
  writeonly: policy(allow(['s3:PutObject'], ALL_BUCKETS)),
  diagnostics: policy(allow([
    'admin:Profiling', 'admin:ServerTrace', 'admin:ConsoleLog', 'admin:ServerInfo',
    'admin:TopLocksInfo', 'admin:OBDInfo', 'admin:BandwidthMonitor', 'admin:Prometheus',
  ], ALL_BUCKETS)),
  consoleAdmin: policy(allow(['admin:*']), allow(['kms:*']), allow(['s3:*'], ALL_BUCKETS)),
});

/** Canned names are case-sensitive in MinIO, and never inherited object keys. */
export const isCannedPolicy = (name: string): boolean => Object.hasOwn(CANNED_POLICIES, name);
