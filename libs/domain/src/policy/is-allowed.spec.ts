import { describe, expect, it } from '@jest/globals';
import { isAllowed } from './evaluate-policies.js';
import { parsePolicy } from './parse-policy.js';
import type { AccessRequest } from './types.js';

const doc = (...Statement: object[]) => parsePolicy({ Version: '2012-10-17', Statement });
const s3 = (action: string, resource: string): AccessRequest => ({ action: `s3:${action}`, resource: `arn:aws:s3:::${resource}` });

describe(isAllowed.name, () => {
  const readOnlyB = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
  const session = doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/public/*' });

  it('allows an owner everything when there is no session policy', () => {
    expect(isAllowed({ identityPolicies: [], owner: true, request: s3('DeleteBucket', 'any') })).toBe(true);
  });

  it('lets the session policy alone decide for an owner', () => {
    expect(isAllowed({ identityPolicies: [], owner: true, sessionPolicy: session, request: s3('PutObject', 'b/public/k') })).toBe(true);
    expect(isAllowed({ identityPolicies: [], owner: true, sessionPolicy: session, request: s3('PutObject', 'b/private/k') })).toBe(false);
  });

  it('requires both the identity policies and the session policy to allow', () => {
    expect(isAllowed({ identityPolicies: [readOnlyB], sessionPolicy: session, request: s3('GetObject', 'b/public/k') })).toBe(true);
    expect(isAllowed({ identityPolicies: [readOnlyB], sessionPolicy: session, request: s3('PutObject', 'b/public/k') })).toBe(false);
    expect(isAllowed({ identityPolicies: [readOnlyB], sessionPolicy: session, request: s3('GetObject', 'b/private/k') })).toBe(false);
  });

  it('lets an explicit Deny in the session policy win over the identity allow', () => {
    const denying = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' });
    expect(isAllowed({ identityPolicies: [readOnlyB], sessionPolicy: denying, request: s3('GetObject', 'b/k') })).toBe(false);
  });

  it('refuses a non-owner without identity policies', () => {
    expect(isAllowed({ identityPolicies: [], request: s3('GetObject', 'b/k') })).toBe(false);
  });
});

describe('requests without a resource (admin, sts, kms)', () => {
  const policy = (statement: Record<string, unknown>) => parsePolicy({ Version: '2012-10-17', Statement: [statement] });
  const admin = { action: 'admin:CreateUser' };

  it.each([
    ['Action "*" scoped to one bucket', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::public/*' }, false],
    ['NotAction s3:* scoped to one bucket', { Effect: 'Allow', NotAction: 's3:*', Resource: 'arn:aws:s3:::public/*' }, false],
    ['"*:*" scoped to one bucket', { Effect: 'Allow', Action: '*:*', Resource: 'arn:aws:s3:::public/*' }, false],
    ['admin:* without a resource', { Effect: 'Allow', Action: 'admin:*' }, true],
    ['Action "*" on every resource', { Effect: 'Allow', Action: '*', Resource: '*' }, true],
    ['admin:CreateUser named with a bucket resource', { Effect: 'Allow', Action: ['admin:CreateUser'], Resource: 'arn:aws:s3:::b/*' }, true],
  ])('%s → allowed: %s', (_name, statement, expected) => {
    expect(isAllowed({ identityPolicies: [policy(statement)], request: admin })).toBe(expected);
  });

  // minio/pkg policy/statement.go isAllowedFor: non-admin statements match their Resource against "/".
  const consoleAdmin = policy({ Effect: 'Allow', Action: 'admin:*' });
  it.each([
    ['Deny NotAction s3:GetObject on arn:aws:s3:::* (issue 11 case 2)', { Effect: 'Deny', NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::*' }, false],
    ['Deny Action * on arn:aws:s3:::*', { Effect: 'Deny', Action: '*', Resource: 'arn:aws:s3:::*' }, false],
    ['Deny NotAction s3:GetObject on arn:aws:s3:::*/*', { Effect: 'Deny', NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::*/*' }, false],
    ['Deny NotAction s3:GetObject with NotResource arn:aws:s3:::secret/*', { Effect: 'Deny', NotAction: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }, false],
    ['Deny NotAction s3:GetObject on one bucket', { Effect: 'Deny', NotAction: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }, true],
    ['Deny admin:CreateUser named with a bucket resource (admin statements skip Resource)', { Effect: 'Deny', Action: 'admin:CreateUser', Resource: 'arn:aws:s3:::b/*' }, false],
    ['Deny kms:* on a kms key (no bucket: kms statements skip Resource)', { Effect: 'Deny', Action: 'kms:*', Resource: 'arn:minio:kms:::key' }, true],
  ])('consoleAdmin + %s → allowed: %s', (_name, statement, expected) => {
    expect(isAllowed({ identityPolicies: [consoleAdmin, policy(statement)], request: admin })).toBe(expected);
  });

  it('grants admin actions through Action "*" on arn:aws:s3:::* (the request resource "/" matches "*")', () => {
    expect(isAllowed({ identityPolicies: [policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::*' })], request: admin })).toBe(true);
  });

  it('does not let a bucket-scoped Deny * refuse an sts action', () => {
    const identity = [policy({ Effect: 'Allow', Action: 'sts:*' }), policy({ Effect: 'Deny', Action: '*', Resource: 'arn:aws:s3:::secret/*' })];
    expect(isAllowed({ identityPolicies: identity, request: { action: 'sts:AssumeRoleWithWebIdentity' } })).toBe(true);
  });
});
