import { describe, expect, it } from '@jest/globals';
import { parsePolicy } from '../policy/index.js';
import { s3Allows, s3DecidesWithoutContext } from './authorize-s3.js';
import { s3ConditionContext } from './s3-condition-context.js';
import { describeS3Operation, type S3Call } from './s3-operations.js';
import { identityContextOf, type S3Principal } from './s3-principal.js';

const home = parsePolicy({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::home'], Condition: { StringLike: { 's3:prefix': ['${aws:username}/*'] } } },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::jwt/${jwt:sub}/*'] },
  ],
});
const principal = (parent: string, provider: S3Principal['provider'], claims?: Record<string, unknown>, sessionPolicy?: object): S3Principal => ({
  accessKey: 'AK', parent, provider, owner: false, identityPolicies: [home],
  sessionPolicy: sessionPolicy ? parsePolicy(sessionPolicy) : undefined,
  identityContext: identityContextOf({ parent, provider, claims }),
});
const call = (method: string, bucket: string, key?: string, query = ''): S3Call => ({ method, bucket, key, query: new URLSearchParams(query), header: () => undefined });

function allowed(p: S3Principal, c: S3Call): boolean {
  const context = s3ConditionContext(c, p, { secure: false, now: new Date(), headers: new Map() });
  return describeS3Operation(c).checks.every((check) => s3Allows(p, check, context));
}

describe('S3 authorization with policy variables and conditions', () => {
  const alice = principal('alice', 'builtin');

  it('lets a user into its own home folder only', () => {
    expect(allowed(alice, call('GET', 'home', 'alice/notes.txt'))).toBe(true);
    expect(allowed(alice, call('PUT', 'home', 'alice/new.txt'))).toBe(true);
    expect(allowed(alice, call('GET', 'home', 'bob/notes.txt'))).toBe(false);
    expect(allowed(alice, call('DELETE', 'home', 'alice/notes.txt'))).toBe(false);
  });

  it('lists only under its own prefix (s3:prefix condition)', () => {
    expect(allowed(alice, call('GET', 'home', undefined, 'prefix=alice/'))).toBe(true);
    expect(allowed(alice, call('GET', 'home', undefined, 'prefix=bob/'))).toBe(false);
    expect(allowed(alice, call('GET', 'home', undefined, ''))).toBe(false);
  });

  it('resolves ${jwt:sub} from an OpenID session, never from a builtin user', () => {
    expect(allowed(principal('oidc-parent', 'openid', { sub: 'u-123' }), call('GET', 'jwt', 'u-123/x'))).toBe(true);
    expect(allowed(principal('oidc-parent', 'openid', { sub: 'u-123' }), call('GET', 'jwt', 'u-999/x'))).toBe(false);
    expect(allowed(principal('alice', 'builtin', { sub: 'u-123' }), call('GET', 'jwt', 'u-123/x'))).toBe(false);
  });

  it('does not let a wildcard claim widen a resource', () => {
    expect(allowed(principal('oidc-parent', 'openid', { sub: '*' }), call('GET', 'jwt', 'u-123/x'))).toBe(false);
  });

  it('narrows with a session policy: the intersection, never more', () => {
    const narrowed = principal('alice', 'builtin', undefined, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' }] });
    expect(allowed(narrowed, call('GET', 'home', 'alice/a'))).toBe(true);
    expect(allowed(narrowed, call('PUT', 'home', 'alice/a'))).toBe(false);
    expect(allowed(narrowed, call('GET', 'home', 'bob/a'))).toBe(false);
  });

  it('allows the owner everything, unless its session policy says otherwise', () => {
    const owner: S3Principal = { ...alice, owner: true, identityPolicies: [] };
    expect(allowed(owner, call('DELETE', 'any', 'thing'))).toBe(true);
    const narrowed = { ...owner, sessionPolicy: parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' }] }) };
    expect(allowed(narrowed, call('DELETE', 'any', 'thing'))).toBe(false);
  });

  it('fills the condition keys MinIO fills', () => {
    const headers = new Map([['x-amz-acl', 'private'], ['user-agent', 'test']]);
    const context = s3ConditionContext(call('GET', 'b', undefined, 'prefix=p&delimiter=/&max-keys=5'), principal('cn=a,dc=x', 'ldap', { ldapUsername: 'a' }), {
      sourceIp: '10.0.0.1', secure: true, now: new Date('2026-12-01T00:00:00Z'), headers,
    });
    expect(context).toMatchObject({
      's3:prefix': 'p', 's3:delimiter': '/', 's3:max-keys': '5', 's3:x-amz-acl': 'private', 'aws:SourceIp': '10.0.0.1',
      'aws:SecureTransport': 'true', 'aws:CurrentTime': '2026-12-01T00:00:00Z', 'aws:username': 'cn=a,dc=x', 'ldap:username': 'a', 'ldap:user': 'cn=a,dc=x',
    });
  });
});

describe('deciding without a condition context', () => {
  const owner = (sessionPolicy?: object): S3Principal => ({ ...principal('root', 'builtin', undefined, sessionPolicy), owner: true });

  it('holds only for an owner without a session policy, whom every check allows with an empty context', () => {
    expect(s3DecidesWithoutContext(owner())).toBe(true);
    expect(s3Allows(owner(), { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::any' }, {})).toBe(true);
    expect(s3DecidesWithoutContext(owner({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::*'] }] }))).toBe(false);
    expect(s3DecidesWithoutContext(principal('alice', 'builtin'))).toBe(false);
  });
});
