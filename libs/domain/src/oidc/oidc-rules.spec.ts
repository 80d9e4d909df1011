import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parsePolicy } from '../policy/index.js';
import { checkDurationNotDenied, credentialLifetimeSeconds } from './credential-lifetime.js';
import { openIdParentUser } from './parent-user.js';
import { policyNamesFromClaim } from './policy-claim.js';
import { isWellFormedRoleArn, roleArnFor } from './role-arn.js';
import { checkAudience, checkIssuedAt, subjectOf } from './token-claims.js';

describe('policyNamesFromClaim', () => {
  it.each([
    ['a string', 'readwrite', ['readwrite']],
    ['a comma-separated string with blanks', ' a, b ,,c ', ['a', 'b', 'c']],
    ['an array of strings, each split on commas', ['a,b', 'c'], ['a', 'b', 'c']],
    ['an array with non-strings, which are ignored', ['a', 5, null, 'b'], ['a', 'b']],
    ['repeated names, kept once', ['a', 'a,b'], ['a', 'b']],
    ['an empty string', '', []],
    ['one name with blanks around it', ' readwrite\t', ['readwrite']],
    ['blanks only', '  ', []],
    ['names in the order they first appear', ['b', 'a,b', ' c,a'], ['b', 'a', 'c']],
  ])('reads %s', (_name, value, names) => {
    expect(policyNamesFromClaim(value)).toEqual(names);
  });

  it.each([[undefined], [42], [{ a: 1 }], [true]])('treats %p as a missing claim', (value) => {
    expect(policyNamesFromClaim(value)).toBeUndefined();
  });
});

describe('openIdParentUser', () => {
  it('is base64url(sha256("openid:" + sub + ":" + iss)) without padding', () => {
    const expected = createHash('sha256').update('openid:alice:https://idp.example').digest('base64url');
    expect(openIdParentUser('alice', 'https://idp.example')).toBe(expected);
    expect(expected).not.toContain('=');
  });

  it('keeps the same subject of two issuers apart and accepts a missing issuer', () => {
    expect(openIdParentUser('alice', 'https://a')).not.toBe(openIdParentUser('alice', 'https://b'));
    expect(openIdParentUser('alice', undefined)).toBe(createHash('sha256').update('openid:alice:').digest('base64url'));
  });

  it('hashes a subject outside ASCII as UTF-8, as MinIO does', () => {
    expect(openIdParentUser('jörg-🙂', 'https://idp.example')).toBe(createHash('sha256').update('openid:jörg-🙂:https://idp.example', 'utf8').digest('base64url'));
  });
});

describe('role ARNs', () => {
  it('are arn:minio:iam:<region>::role/<base64url(sha1(client id))>', () => {
    const id = createHash('sha1').update('minio-client').digest('base64url');
    expect(roleArnFor('minio-client', undefined)).toBe(`arn:minio:iam:::role/${id}`);
    expect(roleArnFor('minio-client', 'us-east-1')).toBe(`arn:minio:iam:us-east-1::role/${id}`);
  });

  it.each([
    ['arn:minio:iam:::role/abc', true],
    ['arn:minio:iam:us-east-1::role/a_b-c.d/e', true],
    ['arn:aws:iam::123456789012:role/ci', false],
    ['arn:minio:iam:::user/abc', false],
    ['arn:minio:iam:::role/', false],
    ['not an arn', false],
  ])('parse %s as well-formed: %s', (arn, ok) => {
    expect(isWellFormedRoleArn(arn)).toBe(ok);
  });
});

describe('token claim rules', () => {
  it('accepts the client id in aud as a string, a list or a comma-separated entry', () => {
    for (const aud of ['sts', ['other', 'sts'], 'other,sts']) expect(() => checkAudience({ aud }, 'sts')).not.toThrow();
  });

  it('falls back to azp when aud does not name the client', () => {
    expect(() => checkAudience({ aud: 'account', azp: 'sts' }, 'sts')).not.toThrow();
  });

  it.each([
    ['no aud', {}, '`aud` claim invalid'],
    ['aud of another client and no azp', { aud: 'other' }, '`azp` claim invalid'],
    ['aud and azp of another client', { aud: 'other', azp: 'other' }, '`azp` claim invalid'],
    ['only azp', { azp: 'sts' }, '`aud` claim invalid'],
  ])('refuses %s with MinIO\'s message', (_name, claims, message) => {
    expect(() => checkAudience(claims, 'sts')).toThrow(expect.objectContaining({ code: 'InvalidIdentityToken', message: expect.stringContaining(message) }));
  });

  it('refuses a token issued in the future beyond the leeway only', () => {
    expect(() => checkIssuedAt({ iat: 1060 }, 1000, 60)).not.toThrow();
    expect(() => checkIssuedAt({ iat: 1061 }, 1000, 60)).toThrow('Token used before issued');
    expect(() => checkIssuedAt({}, 1000, 60)).not.toThrow();
  });

  it('requires a non-empty string sub', () => {
    expect(subjectOf({ sub: 'alice' })).toBe('alice');
    for (const sub of [undefined, '', 42]) {
      expect(() => subjectOf({ sub })).toThrow(expect.objectContaining({ code: 'InvalidParameterValue', message: 'STS JWT Token has `sub` claim missing, `sub` claim is mandatory' }));
    }
  });
});

describe('credential lifetime (§3.5)', () => {
  const now = 1_000_000_000_000;
  const exp = now / 1000 + 300;

  it('ends with the identity token when no DurationSeconds is sent, with no 900 s floor', () => {
    expect(credentialLifetimeSeconds({ tokenExp: exp, nowMs: now })).toBe(300);
  });

  it('lets DurationSeconds replace the token expiry, even beyond it', () => {
    expect(credentialLifetimeSeconds({ requestedSeconds: 7200, tokenExp: exp, nowMs: now })).toBe(7200);
  });

  it('lets MINIO_STS_DURATION replace a sent DurationSeconds but not an absent one', () => {
    expect(credentialLifetimeSeconds({ requestedSeconds: 900, overrideSeconds: 43200, tokenExp: exp, nowMs: now })).toBe(43200);
    expect(credentialLifetimeSeconds({ overrideSeconds: 43200, tokenExp: exp, nowMs: now })).toBe(300);
  });

  it('bounds the life by one second below and 365 days above', () => {
    expect(credentialLifetimeSeconds({ tokenExp: now / 1000 - 30, nowMs: now })).toBe(1);
    expect(credentialLifetimeSeconds({ tokenExp: now / 1000 + 10 * 31536000, nowMs: now })).toBe(31536000);
  });
});

describe('checkDurationNotDenied (sts:DurationSeconds)', () => {
  const denyLong = parsePolicy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRoleWithWebIdentity', Condition: { NumericGreaterThan: { 'sts:DurationSeconds': 60 } } }],
  });

  it('refuses a duration an explicit Deny matches, as MinIO\'s TestOpenIDSTSDurationSeconds', () => {
    expect(() => checkDurationNotDenied([denyLong], 900)).toThrow(expect.objectContaining({ code: 'AccessDenied', message: 'this user does not have enough permission' }));
  });

  it('lets through what the Deny does not match, and needs no Allow', () => {
    expect(() => checkDurationNotDenied([denyLong], undefined)).not.toThrow();
    expect(() => checkDurationNotDenied([], 900)).not.toThrow();
  });
});
