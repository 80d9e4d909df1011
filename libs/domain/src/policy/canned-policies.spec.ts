import { describe, expect, it } from '@jest/globals';
import { CANNED_POLICIES, isCannedPolicy } from './canned-policies.js';
import { evaluatePolicies } from './evaluate-policies.js';
import { normalizePolicy } from './normalize-policy.js';

const object = 'arn:aws:s3:::photos/2024/cat.jpg';
const cases: [string, string, string | undefined, boolean][] = [
  ['readwrite', 's3:GetObject', object, true],
  ['readwrite', 's3:DeleteBucket', 'arn:aws:s3:::photos', true],
  ['readwrite', 'admin:ServerInfo', undefined, false],
  ['readonly', 's3:GetObject', object, true],
  ['readonly', 's3:GetBucketLocation', 'arn:aws:s3:::photos', true],
  ['readonly', 's3:PutObject', object, false],
  ['readonly', 's3:ListBucket', 'arn:aws:s3:::photos', false],
  ['writeonly', 's3:PutObject', object, true],
  ['writeonly', 's3:GetObject', object, false],
  ['diagnostics', 'admin:ServerInfo', undefined, true],
  ['diagnostics', 'admin:OBDInfo', undefined, true],
  ['diagnostics', 'admin:Prometheus', undefined, true],
  ['diagnostics', 'admin:CreateUser', undefined, false],
  ['diagnostics', 's3:GetObject', object, false],
  ['consoleAdmin', 'admin:CreateUser', undefined, true],
  ['consoleAdmin', 'kms:CreateKey', undefined, true],
  ['consoleAdmin', 's3:PutObject', object, true],
  ['consoleAdmin', 'sts:AssumeRole', undefined, false],
];

describe('CANNED_POLICIES', () => {
  it.each(cases)('%s: %s on %s → %s', (name, action, resource, allowed) => {
    expect(evaluatePolicies([CANNED_POLICIES[name]], { action, resource }) === 'Allow').toBe(allowed);
  });

  it('stores readwrite exactly as MinIO writes it', () => {
    expect(normalizePolicy(CANNED_POLICIES.readwrite)).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}');
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(CANNED_POLICIES)).toBe(true);
    expect(Object.isFrozen(CANNED_POLICIES.consoleAdmin.Statement[0])).toBe(true);
  });
});

describe(isCannedPolicy.name, () => {
  it('knows the five policies of minio/pkg v3.1.3', () => {
    expect(['readwrite', 'readonly', 'writeonly', 'diagnostics', 'consoleAdmin'].every(isCannedPolicy)).toBe(true);
  });

  it.each(['ReadOnly', 'consolereadonly', 'toString', '__proto__', ''])('does not know %j', (name) => {
    expect(isCannedPolicy(name)).toBe(false);
  });
});
