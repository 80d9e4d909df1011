import { describe, expect, it } from '@jest/globals';
import { StsError } from '#contracts';
import { normalizeSessionPolicy } from '#domain';
import type { StsHttpRequest } from '../sts-http-request.js';
import { errorXml, tokenActionXml } from '../sts-xml.js';
import { tokenActionRequest } from './token-identity.action.js';

const call = (params: Record<string, string>): StsHttpRequest => ({
  requestId: 'REQ', params: new Map(Object.entries(params)), signed: { method: 'POST', path: '/', query: '', headers: [], payloadHash: '0'.repeat(64) },
});

describe('tokenActionRequest (gateway checks for WebIdentity and ClientGrants)', () => {
  it('takes Token first, then WebIdentityToken, for either action', () => {
    expect(tokenActionRequest(call({ Token: 't1', WebIdentityToken: 't2' })).token).toBe('t1');
    expect(tokenActionRequest(call({ Token: '', WebIdentityToken: 't2' })).token).toBe('t2');
  });

  it('forwards every parameter it knows, range-checked and normalized', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2);
    expect(tokenActionRequest(call({
      WebIdentityToken: 'jwt', WebIdentityAccessToken: 'at', RoleArn: 'arn:minio:iam:::role/x', DurationSeconds: '900',
      Policy: policy, TokenRevokeType: 'kind', RoleSessionName: 'session-1', WebIdentityRefreshToken: 'ignored',
    }))).toEqual({
      requestId: 'REQ', token: 'jwt', accessToken: 'at', roleArn: 'arn:minio:iam:::role/x', durationSeconds: 900,
      sessionPolicy: normalizeSessionPolicy(policy),
      tokenRevokeType: 'kind', roleSessionName: 'session-1',
    });
  });

  it.each([
    ['no token at all', {}, 'MissingParameter'],
    ['DurationSeconds=0, as minio-go sends by default', { Token: 't', DurationSeconds: '0' }, 'InvalidParameterValue'],
    ['a token over 20000 characters', { Token: 'x'.repeat(20001) }, 'InvalidIdentityToken'],
    ['a bad RoleSessionName', { Token: 't', RoleSessionName: 'a b' }, 'InvalidParameterValue'],
    ['an oversize RoleArn', { Token: 't', RoleArn: 'a'.repeat(2049) }, 'InvalidParameterValue'],
    ['an invalid session policy', { Token: 't', Policy: '{}' }, 'InvalidParameterValue'],
  ])('refuses %s before any verifier is asked', (_name, params, code) => {
    expect(() => tokenActionRequest(call(params))).toThrow(expect.objectContaining({ code }));
  });
});

describe('token action XML', () => {
  const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'T', expiration: '2026-01-01T00:00:00Z', subjectFromToken: 'alice<1>' };
  const body = '<AssumedRoleUser><Arn></Arn><AssumeRoleId></AssumeRoleId></AssumedRoleUser>' +
    '<Credentials><AccessKeyId>AK</AccessKeyId><SecretAccessKey>SK</SecretAccessKey><SessionToken>T</SessionToken><Expiration>2026-01-01T00:00:00Z</Expiration></Credentials>';

  it('writes AssumeRoleWithWebIdentity with SubjectFromWebIdentityToken, as MinIO', () => {
    expect(tokenActionXml('AssumeRoleWithWebIdentity', credentials, 'R1')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
      `<AssumeRoleWithWebIdentityResult>${body}<SubjectFromWebIdentityToken>alice&lt;1&gt;</SubjectFromWebIdentityToken></AssumeRoleWithWebIdentityResult>` +
      '<ResponseMetadata><RequestId>R1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>');
  });

  it('writes AssumeRoleWithClientGrants with SubjectFromToken', () => {
    expect(tokenActionXml('AssumeRoleWithClientGrants', credentials, 'R2')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<AssumeRoleWithClientGrantsResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
      `<AssumeRoleWithClientGrantsResult>${body}<SubjectFromToken>alice&lt;1&gt;</SubjectFromToken></AssumeRoleWithClientGrantsResult>` +
      '<ResponseMetadata><RequestId>R2</RequestId></ResponseMetadata></AssumeRoleWithClientGrantsResponse>');
  });

  it('renders an expired identity token as ExpiredToken 400, and an expired signing token as ExpiredToken 403', () => {
    expect(new StsError('ExpiredIdentityToken', 'x').status).toBe(400);
    expect(new StsError('ExpiredToken', 'x').status).toBe(403);
    expect(errorXml('ExpiredIdentityToken', 'x', 'R')).toContain('<Code>ExpiredToken</Code>');
    expect(errorXml('IDPCommunicationError', 'x', 'R')).toContain('<Type>Sender</Type><Code>IDPCommunicationError</Code>');
  });
});
