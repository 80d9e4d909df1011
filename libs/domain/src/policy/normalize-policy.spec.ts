import { describe, expect, it } from '@jest/globals';
import { normalizePolicy } from './normalize-policy.js';
import { parsePolicy } from './parse-policy.js';

describe(normalizePolicy.name, () => {
  it('writes elements in AWS order whatever the input order', () => {
    const doc = parsePolicy({ Statement: [{ Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } }, Action: 's3:GetObject', Effect: 'Allow', Sid: 'S1' }], Id: 'p', Version: '2012-10-17' });
    expect(normalizePolicy(doc)).toBe(
      '{"Version":"2012-10-17","Id":"p","Statement":[{"Sid":"S1","Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"],"Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}');
  });

  it('sorts and de-duplicates actions, resources, operators, keys and condition values', () => {
    const doc = parsePolicy({ Version: '2012-10-17', Statement: [{
      Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::a/*'],
      Condition: { StringLike: { 's3:prefix': ['b/*', 'a/*', 'b/*'] }, Bool: { 'aws:SecureTransport': true } },
    }] });
    expect(normalizePolicy(doc)).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],' +
      '"Resource":["arn:aws:s3:::a/*","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":true},"StringLike":{"s3:prefix":["a/*","b/*"]}}}]}');
  });

  it('drops duplicate statements, empty Sids and empty Conditions, as MinIO does', () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    const doc = parsePolicy({ Version: '2012-10-17', Statement: [statement, { ...statement, Sid: '', Condition: {} }, { ...statement, Action: ['s3:GetObject'] }] });
    expect(normalizePolicy(doc)).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["*"]}]}');
  });

  it('keeps statement order, which carries no meaning but is what the author wrote', () => {
    const doc = parsePolicy({ Version: '2012-10-17', Statement: [
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    ] });
    expect(JSON.parse(normalizePolicy(doc)).Statement.map((s: { Effect: string }) => s.Effect)).toEqual(['Deny', 'Allow']);
  });

  it('produces text that parses back to the same document', () => {
    const doc = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', NotResource: ['arn:aws:s3:::x'],
      Condition: { 'ForAnyValue:StringEquals': { 'jwt:groups': ['b', 'a'] }, NumericLessThan: { 's3:max-keys': [10, '10'] } } }] });
    expect(parsePolicy(normalizePolicy(doc))).toEqual(doc);
  });
});
