import { describe, expect, it } from '@jest/globals';
import { compileConditions } from './compile-condition.js';
import { conditionHolds } from './evaluate-condition.js';
import { parsePolicy } from './parse-policy.js';
import { prepareRequest } from './request-context.js';
import type { ConditionValue, RequestContextValue } from './types.js';

type Context = Record<string, RequestContextValue>;
function holds(operator: string, key: string, values: ConditionValue | ConditionValue[], context: Context): boolean {
  const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [key]: values } } };
  const [condition] = compileConditions(parsePolicy({ Version: '2012-10-17', Statement: statement }).Statement[0].Condition);
  return conditionHolds(condition, prepareRequest({ action: 's3:GetObject', context }).context);
}

const tags = (...values: string[]): Context => ({ 'aws:TagKeys': values });
const ip = (address: string): Context => ({ 'aws:SourceIp': address });
const arn = (value: string): Context => ({ 'aws:SourceArn': value });

const table: [string, string, ConditionValue | ConditionValue[], Context, boolean][] = [
  ['StringEquals', 'aws:username', 'alice', { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', 'alice', { 'AWS:UserName': 'Alice' }, false],
  ['StringEquals', 'aws:username', ['bob', 'alice'], { 'aws:username': 'alice' }, true],
  ['StringEquals', 'aws:username', 'alice', {}, false],
  ['StringNotEquals', 'aws:username', 'alice', { 'aws:username': 'alice' }, false],
  ['StringNotEquals', 'aws:username', ['bob', 'carol'], { 'aws:username': 'alice' }, true],
  ['StringNotEquals', 'aws:username', 'alice', {}, true],
  ['StringEqualsIgnoreCase', 'aws:username', 'ALICE', { 'aws:username': 'alice' }, true],
  ['StringNotEqualsIgnoreCase', 'aws:username', 'ALICE', { 'aws:username': 'alice' }, false],
  ['StringLike', 's3:prefix', 'home/*', { 's3:prefix': 'home/a/b' }, true],
  ['StringLike', 's3:prefix', 'home/?', { 's3:prefix': 'home/ab' }, false],
  ['StringNotLike', 's3:prefix', 'tmp/*', { 's3:prefix': 'home/a' }, true],
  ['StringEquals', 'aws:username', '${jwt:preferred_username}', { 'aws:username': 'al', 'jwt:preferred_username': 'al' }, true],
  ['StringEquals', 'aws:username', ['${jwt:missing}', 'al'], { 'aws:username': 'al' }, true],
  ['StringNotEquals', 'aws:username', '${jwt:missing}', { 'aws:username': 'al' }, false],
  ['StringEquals', 'jwt:groups', 'ops', { 'jwt:groups': ['dev', 'ops'] }, true],
  ['StringNotEquals', 'jwt:groups', 'ops', { 'jwt:groups': ['dev', 'ops'] }, false],
  ['StringEquals', 'jwt:groups', 'ops', { 'jwt:groups': [] }, false],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['DataClass', 'Owner'], {}, true],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['DataClass', 'Owner'], tags('DataClass', 'Owner'), false],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['DataClass', 'Owner'], tags('Dept', 'SIC'), true],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['DataClass', 'Owner'], tags('Dept', 'DataClass'), false],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['DataClass', 'Owner'], {}, false],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['DataClass', 'Owner'], tags('DataClass', 'Owner'), false],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', ['DataClass', 'Owner'], tags('Dept', 'DataClass'), true],
  ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'Owner', {}, true],
  ['NumericEquals', 'sts:DurationSeconds', 3600, { 'sts:DurationSeconds': '3600' }, true],
  ['NumericNotEquals', 'sts:DurationSeconds', '3600', { 'sts:DurationSeconds': '900' }, true],
  ['NumericLessThan', 'sts:DurationSeconds', 3600, { 'sts:DurationSeconds': '3600' }, false],
  ['NumericLessThanEquals', 'sts:DurationSeconds', 3600, { 'sts:DurationSeconds': '3600' }, true],
  ['NumericGreaterThan', 's3:max-keys', '10', { 's3:max-keys': '10.5' }, true],
  ['NumericGreaterThanEquals', 's3:max-keys', 10, { 's3:max-keys': 'many' }, false],
  ['DateEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '1577836800' }, true],
  ['DateNotEquals', 'aws:CurrentTime', '2020-01-01', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, false],
  ['DateLessThan', 'aws:EpochTime', 1577836800, { 'aws:EpochTime': '1577836799' }, true],
  ['DateLessThanEquals', 'aws:CurrentTime', '2020-01-01T01:00:00+01:00', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, true],
  ['DateGreaterThanEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': 'yesterday' }, false],
  ['Bool', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'TRUE' }, true],
  ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'yes' }, false],
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', ip('10.200.3.4'), true],
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', ip('::ffff:10.200.3.4'), true],
  ['IpAddress', 'aws:SourceIp', '203.0.113.7', ip('203.0.113.8'), false],
  ['IpAddress', 'aws:SourceIp', '2001:db8::/32', ip('2001:db8:ffff::1'), true],
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', ip('not-an-ip'), false],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '2001:db8::/32'], ip('192.168.1.1'), true],
  ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', ip('10.1.1.1'), false],
  ['Null', 'aws:TokenIssueTime', 'true', {}, true],
  ['Null', 'aws:TokenIssueTime', false, { 'aws:TokenIssueTime': 'now' }, true],
  ['Null', 'aws:TokenIssueTime', 'false', {}, false],
  ['BinaryEquals', 'aws:UserAgentBytes', 'QmluYXJ5VmFsdWU=', { 'aws:UserAgentBytes': 'QmluYXJ5VmFsdWU=' }, true],
  ['BinaryEquals', 'aws:UserAgentBytes', 'QmluYXJ5VmFsdWU=', { 'aws:UserAgentBytes': 'T3RoZXI=' }, false],
  ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:topic-*', arn('arn:aws:sns:us-east-1:123456789012:topic-a'), true],
  ['ArnEquals', 'aws:SourceArn', 'arn:aws:iam::123456789012:role/*', arn('arn:aws:iam::123456789012:role/admin'), true],
  ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:topic', arn('arn:aws:sns:us-east-1:999:123456789012:topic'), false],
  ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::b/*', arn('not-an-arn'), false],
  ['ArnNotLike', 'aws:SourceArn', 'arn:aws:s3:::b/*', arn('arn:aws:s3:::c/k'), true],
  ['ArnNotEquals', 'aws:SourceArn', 'arn:aws:s3:::b/*', arn('arn:aws:s3:::b/k'), false],
];

describe(conditionHolds.name, () => {
  it.each(table)('%s %s %j against %j is %s', (operator, key, values, context, expected) => {
    expect(holds(operator, key, values, context)).toBe(expected);
  });

  it('holds a missing key under any …IfExists operator, negated or not', () => {
    for (const operator of ['StringEqualsIfExists', 'NumericLessThanIfExists', 'IpAddressIfExists', 'ArnNotLikeIfExists', 'ForAllValues:StringLikeIfExists']) {
      expect(holds(operator, 'aws:SourceIp', operator.startsWith('Numeric') ? 1 : operator.startsWith('Arn') ? 'arn:aws:s3:::b' : '10.0.0.0/8', {})).toBe(true);
    }
  });
});
