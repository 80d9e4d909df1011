import { describe, expect, it } from '@jest/globals';
import { evaluatePolicies } from './evaluate-policies.js';
import { parsePolicy } from './parse-policy.js';
import type { AccessRequest, PolicyDecision, PolicyDocument } from './types.js';

const doc = (...Statement: object[]) => parsePolicy({ Version: '2012-10-17', Statement });
const s3 = (action: string, resource: string, context?: AccessRequest['context']): AccessRequest =>
  ({ action: `s3:${action}`, resource: `arn:aws:s3:::${resource}`, context });
const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

// Examples from the AWS IAM User Guide ("Policy evaluation logic", "Example IAM identity-based
// policies", "Condition operators", "Variables and tags"), reduced to the S3/STS actions MinIO has.
const examples: [string, PolicyDocument[], AccessRequest, PolicyDecision][] = [
  ['denies by default what no statement allows', [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })], s3('PutObject', 'b/k'), 'ImplicitDeny'],
  ['lets an explicit Deny in one policy override an Allow in another',
    [allowAll, doc({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' })], s3('DeleteObject', 'b/k'), 'ExplicitDeny'],
  ['still allows what the Deny does not cover',
    [allowAll, doc({ Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' })], s3('GetObject', 'b/k'), 'Allow'],
  ['allows everything but the listed actions with Allow + NotAction',
    [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], s3('GetObject', 'b/k'), 'Allow'],
  ['does not allow the actions NotAction lists',
    [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })], { action: 'iam:CreateUser', resource: '*' }, 'ImplicitDeny'],
  ['denies every other action with Deny + NotAction when MFA is absent (BoolIfExists)',
    [allowAll, doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:GetSessionToken'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })],
    s3('GetObject', 'b/k', { 'aws:MultiFactorAuthPresent': 'false' }), 'ExplicitDeny'],
  ['leaves the NotAction-listed actions to other statements',
    [allowAll, doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:GetSessionToken'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })],
    { action: 'iam:ListUsers', resource: '*', context: { 'aws:MultiFactorAuthPresent': 'false' } }, 'Allow'],
  ['treats a missing MFA key as satisfying BoolIfExists, so the Deny applies',
    [allowAll, doc({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } })],
    s3('GetObject', 'b/k'), 'ExplicitDeny'],
  ['confines a user to one bucket with Deny + NotResource',
    [allowAll, doc({ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] })], s3('GetObject', 'other/k'), 'ExplicitDeny'],
  ['leaves the NotResource-listed bucket alone',
    [allowAll, doc({ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] })], s3('GetObject', 'b/k'), 'Allow'],
  ['allows everything but the listed resources with Allow + NotResource',
    [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' })], s3('GetObject', 'secret/k'), 'ImplicitDeny'],
];

const fromNetworks = doc(
  { Effect: 'Allow', Action: 's3:*', Resource: '*' },
  { Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24', '2001:DB8:1234:5678::/64'] } } },
);
const homeDirectory = doc(
  { Sid: 'ListYourObjects', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::home', Condition: { StringLike: { 's3:prefix': ['', '${aws:username}/', '${aws:username}/*'] } } },
  { Sid: 'ReadWriteYourObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::home/${aws:username}', 'arn:aws:s3:::home/${aws:username}/*'] },
);
const conditional: [string, PolicyDocument, AccessRequest, PolicyDecision][] = [
  ['allows a caller inside an allowed IPv4 network', fromNetworks, s3('GetObject', 'b/k', { 'aws:SourceIp': '192.0.2.15' }), 'Allow'],
  ['allows a caller inside an allowed IPv6 network', fromNetworks, s3('GetObject', 'b/k', { 'aws:SourceIp': '2001:db8:1234:5678::99' }), 'Allow'],
  ['denies a caller outside the allowed networks', fromNetworks, s3('GetObject', 'b/k', { 'aws:SourceIp': '198.51.100.7' }), 'ExplicitDeny'],
  ['denies when the source address is unknown (NotIpAddress on a missing key holds)', fromNetworks, s3('GetObject', 'b/k'), 'ExplicitDeny'],
  ['lets a user read their own home directory', homeDirectory, s3('GetObject', 'home/alice/notes.txt', { 'aws:username': 'alice' }), 'Allow'],
  ['keeps a user out of another home directory', homeDirectory, s3('GetObject', 'home/bob/notes.txt', { 'aws:username': 'alice' }), 'ImplicitDeny'],
  ['lets a user list their own prefix', homeDirectory, s3('ListBucket', 'home', { 'aws:username': 'alice', 's3:prefix': 'alice/docs/' }), 'Allow'],
  ['refuses listing another prefix', homeDirectory, s3('ListBucket', 'home', { 'aws:username': 'alice', 's3:prefix': 'bob/' }), 'ImplicitDeny'],
  ['matches nothing when the user name is unknown', homeDirectory, s3('GetObject', 'home/alice/notes.txt'), 'ImplicitDeny'],
  ['reads a substituted user name as literal text, never as a wildcard', homeDirectory, s3('GetObject', 'home/bob/notes.txt', { 'aws:username': '*' }), 'ImplicitDeny'],
];

describe(evaluatePolicies.name, () => {
  it.each(examples)('%s', (_title, policies, request, expected) => {
    expect(evaluatePolicies(policies, request)).toBe(expected);
  });

  it.each(conditional)('%s', (_title, policy, request, expected) => {
    expect(evaluatePolicies([policy], request)).toBe(expected);
  });

  it('matches actions case-insensitively and resources case-sensitively', () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
    expect(evaluatePolicies([policy], { action: 'S3:getobject', resource: 'arn:aws:s3:::bucket/k' })).toBe('Allow');
    expect(evaluatePolicies([policy], { action: 's3:GetObject', resource: 'arn:aws:s3:::Bucket/k' })).toBe('ImplicitDeny');
  });

  it('lets * in a resource span slashes and ? stand for exactly one character', () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b/*.txt', 'arn:aws:s3:::c/?'] });
    expect(evaluatePolicies([policy], s3('GetObject', 'b/deep/path/file.txt'))).toBe('Allow');
    expect(evaluatePolicies([policy], s3('GetObject', 'c/x'))).toBe('Allow');
    expect(evaluatePolicies([policy], s3('GetObject', 'c/xy'))).toBe('ImplicitDeny');
  });

  it('substitutes OIDC and LDAP claims and reads context keys case-insensitively', () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::oidc/${jwt:sub}/*', 'arn:aws:s3:::ldap/${ldap:username}/*', 'arn:aws:s3:::dn/${ldap:user}'] });
    expect(evaluatePolicies([policy], s3('GetObject', 'oidc/u-42/k', { 'JWT:Sub': 'u-42' }))).toBe('Allow');
    expect(evaluatePolicies([policy], s3('GetObject', 'ldap/alice/k', { 'ldap:username': 'alice' }))).toBe('Allow');
    expect(evaluatePolicies([policy], s3('GetObject', 'dn/uid=alice,dc=example', { 'ldap:user': 'uid=alice,dc=example' }))).toBe('Allow');
  });

  it('reads ${*}, ${?} and ${$} as the literal characters', () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${*}${?}${$}' });
    expect(evaluatePolicies([policy], s3('GetObject', 'b/*?$'))).toBe('Allow');
    expect(evaluatePolicies([policy], s3('GetObject', 'b/xy$'))).toBe('ImplicitDeny');
  });

  it("falls back to a variable's default value when the key is missing", () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::b/${aws:username, 'guest'}/*" });
    expect(evaluatePolicies([policy], s3('GetObject', 'b/guest/k'))).toBe('Allow');
    expect(evaluatePolicies([policy], s3('GetObject', 'b/alice/k', { 'aws:username': 'alice' }))).toBe('Allow');
  });

  it('does not apply a NotResource statement whose variable cannot be resolved', () => {
    const policy = doc(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' },
    );
    expect(evaluatePolicies([policy], s3('GetObject', 'home/bob/k', { 'aws:username': 'alice' }))).toBe('ExplicitDeny');
    expect(evaluatePolicies([policy], s3('GetObject', 'home/bob/k'))).toBe('Allow');
  });

  it('matches statements without a resource check when the request names no resource', () => {
    const policy = doc({ Effect: 'Allow', Action: 'admin:ServerInfo', Resource: 'arn:aws:s3:::*' });
    expect(evaluatePolicies([policy], { action: 'admin:ServerInfo' })).toBe('Allow');
  });

  it('refuses everything when no policy is given', () => {
    expect(evaluatePolicies([], s3('GetObject', 'b/k'))).toBe('ImplicitDeny');
  });
  it('validates a document built by hand rather than trusting it', () => {
    const handMade = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }] } as PolicyDocument;
    expect(evaluatePolicies([handMade], s3('GetObject', 'b/k'))).toBe('Allow');
    const invalid = { ...handMade, Statement: [{ ...handMade.Statement[0], Condition: { StringEqualz: {} } }] } as PolicyDocument;
    expect(() => evaluatePolicies([invalid], s3('GetObject', 'b/k'))).toThrow(expect.objectContaining({ code: 'MalformedPolicyDocument' }));
  });

  it('ignores context values that are not strings', () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'jwt:groups': 'ops' } } });
    const context = { 'jwt:groups': [42, 'OPS'] } as unknown as AccessRequest['context'];
    expect(evaluatePolicies([policy], s3('GetObject', 'b/k', context))).toBe('Allow');
  });
});
