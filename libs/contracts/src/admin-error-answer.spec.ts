import { describe, expect, it } from '@jest/globals';
import { adminErrorOf } from './admin-error-answer.js';
import { isRpcErrorBody, StsError } from './errors.js';

describe('admin errors as MinIO answers them', () => {
  it('answers the admin code an error carries, with MinIO\'s status', () => {
    expect(adminErrorOf(new StsError('NotFound', 'x', { admin: 'XMinioAdminNoSuchUser' }))).toEqual({ code: 'XMinioAdminNoSuchUser', status: 404 });
    expect(adminErrorOf(new StsError('InvalidParameterValue', 'x', { admin: 'XMinioInvalidIAMCredentials' }))).toEqual({ code: 'XMinioInvalidIAMCredentials', status: 403 });
  });

  it('gives a missing service account MinIO\'s code with its 404', () => {
    expect(adminErrorOf(new StsError('NotFound', 'x', { admin: 'NoSuchAccessKey' }))).toEqual({ code: 'XMinioInvalidIAMCredentials', status: 404 });
  });

  it('maps an error without an admin code by its STS code', () => {
    expect(adminErrorOf(new StsError('InvalidParameterValue', 'x'))).toEqual({ code: 'XMinioAdminInvalidArgument', status: 400 });
    expect(adminErrorOf(new StsError('InvalidClientTokenId', 'x'))).toEqual({ code: 'InvalidAccessKeyId', status: 403 });
    expect(adminErrorOf(new StsError('MalformedPolicyDocument', 'x'))).toEqual({ code: 'XMinioMalformedIAMPolicy', status: 400 });
    expect(adminErrorOf(new StsError('NotFound', 'x'))).toEqual({ code: 'XMinioUnknownAPIRequest', status: 400 });
  });

  it('carries the admin code across the bus, and refuses one outside the closed set', () => {
    const body = JSON.parse(JSON.stringify(new StsError('NotFound', 'gone', { admin: 'XMinioAdminNoSuchGroup' })));
    expect(body).toEqual({ code: 'NotFound', message: 'gone', admin: 'XMinioAdminNoSuchGroup' });
    expect(isRpcErrorBody(body)).toBe(true);
    expect(isRpcErrorBody({ ...body, admin: 'XMinioMadeUp' })).toBe(false);
    expect(JSON.parse(JSON.stringify(new StsError('NotFound', 'gone')))).toEqual({ code: 'NotFound', message: 'gone' });
  });
});
