import { describe, expect, it } from '@jest/globals';
import { parsePolicy } from './parse-policy.js';

const V = '2012-10-17';
const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const policy = (...Statement: unknown[]) => ({ Version: V, Statement });
const withCondition = (Condition: unknown) => policy({ ...allow, Condition });

const malformed: [string, unknown, string][] = [
  ['text that is not JSON', '{"Version":', 'Policy is not valid JSON'],
  ['a JSON string', '"policy"', 'Policy must be a JSON object'],
  ['a JSON array', '[]', 'Policy must be a JSON object'],
  ['a missing Version', { Statement: [allow] }, "Version cannot be empty expecting '2012-10-17'"],
  ['an empty Version', { Version: '', Statement: [allow] }, "Version cannot be empty expecting '2012-10-17'"],
  ['the 2008 Version', { Version: '2008-10-17', Statement: [allow] }, 'Invalid policy version "2008-10-17", expecting \'2012-10-17\''],
  ['an unknown top-level element', { Version: V, Statement: [allow], Statements: [] }, 'Policy has an unknown element "Statements"'],
  ['a numeric Id', { Version: V, Id: 5, Statement: [allow] }, 'Id must be a string'],
  ['a missing Statement', { Version: V }, 'Policy must have at least one Statement'],
  ['an empty Statement list', policy(), 'Policy must have at least one Statement'],
  ['a Statement that is a string', { Version: V, Statement: 'allow' }, 'Statement must be an object or a non-empty list of objects'],
  ['a statement that is not an object', policy(allow, 7), 'Statement[1] must be an object'],
  ['a bad Effect', policy(allow, { ...allow, Effect: 'allow' }), 'Statement[1].Effect must be "Allow" or "Deny"'],
  ['both Action and NotAction', policy({ ...allow, NotAction: 's3:PutObject' }), 'Statement[0] must have exactly one of Action or NotAction'],
  ['neither Action nor NotAction', policy({ Effect: 'Allow', Resource: '*' }), 'Statement[0] must have exactly one of Action or NotAction'],
  ['an unknown statement element', policy({ ...allow, Actions: ['s3:*'] }), 'Statement[0] has an unknown element "Actions"'],
  ['a non-string action', policy({ ...allow, Action: ['s3:GetObject', 42] }), 'Statement[0].Action[1] must be a string'],
  ['an empty action list', policy({ ...allow, Action: [] }), 'Statement[0].Action must be a string or a non-empty list of strings'],
  ['an action without a service', policy({ ...allow, Action: 'GetObject' }), 'Statement[0].Action "GetObject" is not a valid action'],
  ['a resource that is not an ARN', policy({ ...allow, Resource: ['bucket/*'] }), 'Statement[0].Resource[0] "bucket/*" is not a valid resource'],
  ['a numeric resource', policy({ ...allow, Resource: 5 }), 'Statement[0].Resource must be a string or a non-empty list of strings'],
  ['both Resource and NotResource', policy({ ...allow, NotResource: '*' }), 'Statement[0] must not have both Resource and NotResource'],
  ['an s3 statement without Resource', policy({ Effect: 'Allow', Action: 's3:GetObject' }), 'Statement[0] must have a Resource or NotResource'],
  ['a wildcard statement without Resource', policy({ Effect: 'Allow', Action: ['admin:*', 's*:List*'] }), 'Statement[0] must have a Resource or NotResource'],
  ['a NotAction statement without Resource', policy({ Effect: 'Deny', NotAction: 'admin:*' }), 'Statement[0] must have a Resource or NotResource'],
  ['a Principal', policy({ ...allow, Principal: { AWS: '*' } }), 'Statement[0].Principal is not allowed in an identity or session policy'],
  ['a NotPrincipal', policy({ ...allow, NotPrincipal: '*' }), 'Statement[0].NotPrincipal is not allowed in an identity or session policy'],
  ['a non-string Sid', policy({ ...allow, Sid: 1 }), 'Statement[0].Sid must be a string'],
  ['a duplicate Sid', policy({ ...allow, Sid: 'A' }, { ...allow, Sid: 'A', Effect: 'Deny' }), 'Statement[1].Sid "A" is not unique in the policy'],
  ['a Condition that is a list', withCondition([]), 'Statement[0].Condition must be an object'],
  ['an unknown condition operator', withCondition({ StringEqualz: { 'aws:username': 'a' } }), 'Statement[0].Condition: unknown operator "StringEqualz"'],
  ['Null with IfExists', withCondition({ NullIfExists: { 'aws:username': 'true' } }), 'Statement[0].Condition: unknown operator "NullIfExists"'],
  ['a misspelt set qualifier', withCondition({ 'ForAnyValues:StringLike': { 'aws:username': 'a' } }), 'unknown operator "ForAnyValues:StringLike"'],
  ['an operator whose body is a string', withCondition({ StringEquals: 'a' }), 'Statement[0].Condition.StringEquals must be an object of condition keys'],
  ['an operator without keys', withCondition({ StringEquals: {} }), 'Statement[0].Condition.StringEquals must name at least one condition key'],
  ['a condition key without a prefix', withCondition({ StringEquals: { username: 'a' } }), 'Statement[0].Condition.StringEquals: invalid condition key "username"'],
  ['an object as a condition value', withCondition({ StringEquals: { 'aws:username': { a: 1 } } }),
    'Statement[0].Condition.StringEquals["aws:username"] must be a string, number, boolean or a non-empty list of them'],
  ['an empty list of condition values', withCondition({ StringEquals: { 'aws:username': [] } }), 'must be a string, number, boolean or a non-empty list of them'],
  ['a non-numeric numeric value', withCondition({ NumericLessThan: { 'sts:DurationSeconds': 'soon' } }),
    'Statement[0].Condition.NumericLessThan["sts:DurationSeconds"]: "soon" is not a number'],
  ['an unreadable date', withCondition({ DateGreaterThan: { 'aws:CurrentTime': '01/02/2020' } }), '"01/02/2020" is not an ISO 8601 date or epoch seconds'],
  ['a bad CIDR block', withCondition({ IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }), '"10.0.0.0/33" is not an IP address or CIDR block'],
  ['a Bool that is not a boolean', withCondition({ Bool: { 'aws:SecureTransport': 'yes' } }), '"yes" must be "true" or "false"'],
  ['a number too large to compare', withCondition({ NumericLessThan: { 's3:max-keys': '1e400' } }), '"1e400" is not a number'],
  ['an Arn value that is not an ARN', withCondition({ ArnLike: { 'aws:SourceArn': 'bucket/*' } }), '"bucket/*" is not an ARN'],
  ['a BinaryEquals value that is not base64', withCondition({ BinaryEquals: { 'aws:x': 'not base64!' } }), '"not base64!" is not base64'],
  ['a document over 20 KiB', JSON.stringify(policy(allow)).padEnd(20 * 1024 + 1, ' '), 'Policy must not exceed 20480 bytes (20 KiB)'],
  ['a document over 20 KiB in UTF-8 bytes only', JSON.stringify(policy({ ...allow, Sid: 'é'.repeat(10_300) })), 'Policy must not exceed 20480 bytes'],
];

describe(parsePolicy.name, () => {
  it.each(malformed)('refuses %s, naming the place', (_title, input, message) => {
    expect(() => parsePolicy(input)).toThrow(expect.objectContaining({ code: 'MalformedPolicyDocument', message: expect.stringContaining(message) }));
  });

  it('accepts strings where lists are allowed and a single statement object', () => {
    const doc = parsePolicy({ Version: V, Id: 'p1', Statement: allow });
    expect(doc).toEqual({ Version: V, Id: 'p1', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] });
  });

  it('accepts MinIO admin, kms and sts statements without a Resource', () => {
    const doc = parsePolicy(policy({ Effect: 'Allow', Action: ['admin:*', 'kms:*', 'sts:AssumeRole'] }));
    expect(doc.Statement[0]).toEqual({ Effect: 'Allow', Action: ['admin:*', 'kms:*', 'sts:AssumeRole'] });
  });

  it('accepts AWS and MinIO ARNs, policy variables and typed condition values', () => {
    const resources = ['*', 'arn:aws:s3:::b/${aws:username}/*', 'arn:minio:kms:::key-1', 'arn:aws:iam::123456789012:role/a:b'];
    const condition = { NumericLessThanEquals: { 'sts:DurationSeconds': 3600 }, Bool: { 'aws:SecureTransport': true } };
    const doc = parsePolicy(policy({ ...allow, Resource: resources, Condition: condition }));
    expect(doc.Statement[0].Condition).toEqual({ Bool: { 'aws:SecureTransport': [true] }, NumericLessThanEquals: { 'sts:DurationSeconds': [3600] } });
  });

  it('takes the last of duplicate JSON keys, as JSON.parse does', () => {
    const doc = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Action":"s3:*","Resource":"*"}}');
    expect(doc.Statement[0].Effect).toBe('Allow');
  });

  it('returns a deeply frozen document', () => {
    const doc = parsePolicy(policy(allow));
    expect(Object.isFrozen(doc.Statement[0].Action)).toBe(true);
  });

  it.each([
    ['deeply nested JSON text', '['.repeat(9000) + ']'.repeat(9000), 'Policy must be a JSON object'],
    ['a deeply nested object', Array.from({ length: 200_000 }).reduce<object>((inner) => ({ inner }), {}), 'Policy must be plain JSON data'],
    ['a cyclic object', (() => { const o: Record<string, unknown> = { Version: V }; o.Statement = o; return o; })(), 'Policy must be plain JSON data'],
    ['a BigInt', { Version: V, Statement: [{ ...allow, Sid: 1n }] }, 'Policy must be plain JSON data'],
    ['undefined', undefined, 'Policy must be a JSON object'],
    ['null', null, 'Policy must be a JSON object'],
    ['a prototype-polluting key', '{"Version":"2012-10-17","Statement":[],"__proto__":{"x":1}}', 'Policy has an unknown element "__proto__"'],
    ['a prototype-polluting condition key', withCondition(JSON.parse('{"StringEquals":{"__proto__":"a"}}')), 'invalid condition key "__proto__"'],
    ['thousands of statements that are not objects', { Version: V, Statement: Array(5000).fill(0) }, 'Statement[0] must be an object'],
  ])('refuses hostile input without crashing: %s', (_title, input, message) => {
    expect(() => parsePolicy(input)).toThrow(expect.objectContaining({ code: 'MalformedPolicyDocument', message: expect.stringContaining(message) }));
  });
});
