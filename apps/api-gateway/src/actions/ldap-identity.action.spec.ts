import { describe, expect, it } from '@jest/globals';
import { ldapIdentityRequest } from './ldap-identity.action.js';
import type { StsHttpRequest } from '../sts-http-request.js';
import { ldapIdentityXml } from '../sts-xml.js';

const stsRequest = (params: Record<string, string>): StsHttpRequest => ({
  requestId: 'REQ',
  params: new Map(Object.entries({ Action: 'AssumeRoleWithLDAPIdentity', Version: '2011-06-15', ...params })),
  signed: { method: 'POST', path: '/', query: '', headers: [], payloadHash: '0'.repeat(64) },
  sourceIp: '192.0.2.9',
});

describe('AssumeRoleWithLDAPIdentity at the gateway', () => {
  it('writes Credentials only, without AssumedRoleUser, as MinIO', () => {
    const credentials = { accessKeyId: 'AK', secretAccessKey: 'S+K', sessionToken: 'T<', expiration: '2026-01-01T00:00:00Z' };
    expect(ldapIdentityXml(credentials, 'REQ1')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<AssumeRoleWithLDAPIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithLDAPIdentityResult>' +
      '<Credentials><AccessKeyId>AK</AccessKeyId><SecretAccessKey>S+K</SecretAccessKey><SessionToken>T&lt;</SessionToken>' +
      '<Expiration>2026-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithLDAPIdentityResult>' +
      '<ResponseMetadata><RequestId>REQ1</RequestId></ResponseMetadata></AssumeRoleWithLDAPIdentityResponse>');
  });

  it('forwards the names, the checked parameters and the client address', () => {
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}';
    expect(ldapIdentityRequest(stsRequest({ LDAPUsername: 'alice', LDAPPassword: 'p w', DurationSeconds: '900', Policy: policy, TokenRevokeType: 'web' })))
      .toEqual({ requestId: 'REQ', username: 'alice', password: 'p w', durationSeconds: 900, sessionPolicy: policy, tokenRevokeType: 'web', sourceIp: '192.0.2.9' });
  });

  it.each([
    [{ LDAPUsername: 'alice' }],
    [{ LDAPPassword: 'secret' }],
    [{ LDAPUsername: '', LDAPPassword: 'secret' }],
    [{}],
  ])('refuses %j with MissingParameter', (params) => {
    expect(() => ldapIdentityRequest(stsRequest(params))).toThrow(expect.objectContaining({ code: 'MissingParameter', message: 'LDAPUsername and LDAPPassword cannot be empty' }));
  });

  it.each([
    ['a password over 1024 characters', { LDAPPassword: 'x'.repeat(1025) }, 'at most 1024'],
    ['a duration under 900 s', { DurationSeconds: '899' }, 'invalid token expiry'],
    ['a session policy without Version', { Policy: '{"Statement":[]}' }, 'Version cannot be empty'],
  ])('refuses %s with InvalidParameterValue before any LDAP traffic', (_case, params, message) => {
    const request = stsRequest({ LDAPUsername: 'alice', LDAPPassword: 'secret', ...params });
    expect(() => ldapIdentityRequest(request)).toThrow(expect.objectContaining({ code: 'InvalidParameterValue', message: expect.stringContaining(message) }));
  });
});
