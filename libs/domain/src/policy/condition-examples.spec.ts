import { describe, expect, it } from '@jest/globals';
import { evaluatePolicies } from './evaluate-policies.js';
import { parsePolicy } from './parse-policy.js';
import type { AccessRequest, PolicyDecision } from './types.js';

const decide = (statements: object[], request: AccessRequest): PolicyDecision =>
  evaluatePolicies([parsePolicy({ Version: '2012-10-17', Statement: statements })], request);
const allowS3 = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
const get = (context: AccessRequest['context']): AccessRequest => ({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context });
const assume = (context: AccessRequest['context']): AccessRequest => ({ action: 'sts:AssumeRoleWithWebIdentity', context });

// Condition examples from the AWS IAM User Guide ("Condition operators", "Multivalued context
// keys", "Example IAM identity-based policies"), each as [title, statements, request, decision].
const examples: [string, object[], AccessRequest, PolicyDecision][] = [
  ['ForAnyValue:StringEquals allows when one of the groups is listed',
    [{ ...allowS3, Condition: { 'ForAnyValue:StringEquals': { 'jwt:groups': ['admins', 'ops'] } } }], get({ 'jwt:groups': ['dev', 'ops'] }), 'Allow'],
  ['ForAnyValue:StringEquals refuses when none of the groups is listed',
    [{ ...allowS3, Condition: { 'ForAnyValue:StringEquals': { 'jwt:groups': ['admins', 'ops'] } } }], get({ 'jwt:groups': ['dev'] }), 'ImplicitDeny'],
  ['ForAnyValue:StringEquals refuses when the key is missing',
    [{ ...allowS3, Condition: { 'ForAnyValue:StringEquals': { 'jwt:groups': ['admins'] } } }], get({}), 'ImplicitDeny'],
  ['ForAllValues:StringLike allows when every tag key matches a pattern',
    [{ ...allowS3, Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['key1*', 'key2'] } } }], get({ 'aws:TagKeys': ['key1-a', 'key2'] }), 'Allow'],
  ['ForAllValues:StringLike refuses when one tag key matches no pattern',
    [{ ...allowS3, Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['key1*', 'key2'] } } }], get({ 'aws:TagKeys': ['key1-a', 'other'] }), 'ImplicitDeny'],
  ['ForAllValues:StringLike holds when the key is missing (the documented pitfall)',
    [{ ...allowS3, Condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['key1*'] } } }], get({}), 'Allow'],
  ['Null "true" denies long-term credentials that carry no token issue time',
    [allowS3, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } } }], get({}), 'ExplicitDeny'],
  ['Null "true" leaves temporary credentials alone',
    [allowS3, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } } }], get({ 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }), 'Allow'],
  ['DateGreaterThan/DateLessThan on aws:CurrentTime allow inside the window',
    [{ ...allowS3, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' } } }],
    get({ 'aws:CurrentTime': '2020-05-15T12:00:00Z' }), 'Allow'],
  ['DateGreaterThan/DateLessThan on aws:CurrentTime refuse after the window',
    [{ ...allowS3, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' } } }],
    get({ 'aws:CurrentTime': '2020-07-01T00:00:00Z' }), 'ImplicitDeny'],
  ['DateGreaterThan refuses when the time is not in the context',
    [{ ...allowS3, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' } } }], get({}), 'ImplicitDeny'],
  ['NumericLessThanEquals sts:DurationSeconds allows a short session',
    [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Condition: { NumericLessThanEquals: { 'sts:DurationSeconds': 3600 } } }], assume({ 'sts:DurationSeconds': '3600' }), 'Allow'],
  ['NumericLessThanEquals sts:DurationSeconds refuses a longer session',
    [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Condition: { NumericLessThanEquals: { 'sts:DurationSeconds': 3600 } } }], assume({ 'sts:DurationSeconds': '7200' }), 'ImplicitDeny'],
  ['Bool aws:SecureTransport "false" denies plain HTTP',
    [allowS3, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], get({ 'aws:SecureTransport': 'false' }), 'ExplicitDeny'],
  ['Bool aws:SecureTransport "false" lets HTTPS through',
    [allowS3, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': false } } }], get({ 'aws:SecureTransport': 'true' }), 'Allow'],
  ['Bool does not hold when the key is missing, so the Deny does not apply',
    [allowS3, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }], get({}), 'Allow'],
  ['StringEqualsIfExists allows a request without the key',
    [{ ...allowS3, Condition: { StringEqualsIfExists: { 's3:x-amz-storage-class': 'STANDARD' } } }], get({}), 'Allow'],
  ['StringEqualsIfExists checks the key when it is present',
    [{ ...allowS3, Condition: { StringEqualsIfExists: { 's3:x-amz-storage-class': 'STANDARD' } } }], get({ 's3:x-amz-storage-class': 'GLACIER' }), 'ImplicitDeny'],
  ['StringLike with a policy variable confines listing to the caller\'s prefix',
    [{ ...allowS3, Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } }], get({ 'aws:username': 'alice', 's3:prefix': 'home/alice/x' }), 'Allow'],
  ['StringLike with a policy variable refuses another prefix',
    [{ ...allowS3, Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } }], get({ 'aws:username': 'alice', 's3:prefix': 'home/bob/x' }), 'ImplicitDeny'],
  ['AND-s the keys of one operator: every key must hold',
    [{ ...allowS3, Condition: { StringEquals: { 'aws:username': 'alice', 'jwt:aud': 'console' } } }], get({ 'aws:username': 'alice', 'jwt:aud': 'cli' }), 'ImplicitDeny'],
  ['allows when every key of the operator holds',
    [{ ...allowS3, Condition: { StringEquals: { 'aws:username': 'alice', 'jwt:aud': 'console' } } }], get({ 'aws:username': 'alice', 'jwt:aud': 'console' }), 'Allow'],
];

describe(`${evaluatePolicies.name} on AWS's condition examples`, () => {
  it.each(examples)('%s', (_title, statements, request, expected) => {
    expect(decide(statements, request)).toBe(expected);
  });
});
