import { describe, expect, it } from '@jest/globals';
import { mergeParameters } from './sts-http-request.js';
import { assumeRoleXml, callerIdentityResult, callerIdentityXml, errorXml } from './sts-xml.js';

describe('mergeParameters', () => {
  it('lets the query string win over the body for the same key, as MinIO', () => {
    const params = mergeParameters('Version=2011-06-15&Action=AssumeRole', Buffer.from('Action=GetCallerIdentity&DurationSeconds=900'));
    expect(Object.fromEntries(params)).toEqual({ Version: '2011-06-15', Action: 'AssumeRole', DurationSeconds: '900' });
  });

  it('decodes form encoding', () => {
    const params = mergeParameters('', Buffer.from('Policy=%7B%22a%22%3A1%7D&RoleSessionName=a+b'));
    expect(params.get('Policy')).toBe('{"a":1}');
    expect(params.get('RoleSessionName')).toBe('a b');
  });

  // Issue 11 case 5: SigV4 sorts repeated keys, so the order of two values is not signed.
  it.each([
    ['the query string', 'Version=2011-06-15&DurationSeconds=31536000&DurationSeconds=900', ''],
    ['the form body', '', 'DurationSeconds=900&Action=AssumeRole&DurationSeconds=31536000'],
  ])('refuses a key repeated in %s with InvalidParameterValue', (_where, query, body) => {
    expect(() => mergeParameters(query, Buffer.from(body))).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
  });

  it('never throws on garbage', () => {
    expect(() => mergeParameters('%%%&&==', Buffer.from([0, 255, 37, 37, 61]))).not.toThrow();
  });
});

describe('STS XML', () => {
  const credentials = { accessKeyId: 'AK', secretAccessKey: 'S<K>', sessionToken: 'T&', expiration: '2026-01-01T00:00:00Z' };

  it('writes AssumeRole as MinIO: declaration, namespace, empty AssumedRoleUser, credentials in wire order', () => {
    expect(assumeRoleXml(credentials, 'REQ1')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
      '<AssumedRoleUser><Arn></Arn><AssumeRoleId></AssumeRoleId></AssumedRoleUser>' +
      '<Credentials><AccessKeyId>AK</AccessKeyId><SecretAccessKey>S&lt;K&gt;</SecretAccessKey><SessionToken>T&amp;</SessionToken>' +
      '<Expiration>2026-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>' +
      '<ResponseMetadata><RequestId>REQ1</RequestId></ResponseMetadata></AssumeRoleResponse>');
  });

  it('writes GetCallerIdentity with Arn, UserId, Account', () => {
    expect(callerIdentityXml(callerIdentityResult({ arn: 'a', userId: 'u', account: '0' }), 'R')).toContain(
      '<GetCallerIdentityResult><Arn>a</Arn><UserId>u</UserId><Account>0</Account></GetCallerIdentityResult>');
  });

  it('writes errors with an AWS Type, the code, an escaped message and the request id', () => {
    expect(errorXml('InvalidParameterValue', 'bad <x>', 'R')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
      '<Error><Type>Sender</Type><Code>InvalidParameterValue</Code><Message>bad &lt;x&gt;</Message></Error><RequestId>R</RequestId></ErrorResponse>');
    expect(errorXml('ServiceUnavailable', 'down', 'R')).toContain('<Type>Receiver</Type>');
  });
});
