import { describe, expect, it } from '@jest/globals';
import { normalizeSessionPolicy } from './session-policy.js';

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

describe(normalizeSessionPolicy.name, () => {
  it('treats an absent or empty parameter as no session policy', () => {
    expect(normalizeSessionPolicy(undefined)).toBeUndefined();
    expect(normalizeSessionPolicy('')).toBeUndefined();
  });

  it('returns the normalized form of the policy', () => {
    expect(normalizeSessionPolicy(JSON.stringify({ Statement: allow, Version: '2012-10-17' }, null, 2)))
      .toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*"]}]}');
  });

  it('reports a malformed policy as InvalidParameterValue with the same message', () => {
    const raw = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...allow, Condition: { StringEqualz: { 'aws:username': 'a' } } }] });
    expect(() => normalizeSessionPolicy(raw)).toThrow(expect.objectContaining({
      code: 'InvalidParameterValue', message: 'Statement[0].Condition: unknown operator "StringEqualz"',
    }));
  });

  it('refuses a Principal, which session policies cannot carry', () => {
    const raw = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...allow, Principal: '*' }] });
    expect(() => normalizeSessionPolicy(raw)).toThrow(expect.objectContaining({ code: 'InvalidParameterValue', message: expect.stringContaining('Principal') }));
  });

  it('counts the 2048 limit in UTF-8 bytes, as MinIO compares len() of the marshalled JSON', () => {
    const fits = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...allow, Sid: 'x'.repeat(1900) }] });
    const tooLong = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...allow, Sid: 'é'.repeat(1000) }] });
    expect(normalizeSessionPolicy(fits)).toBeDefined();
    expect(() => normalizeSessionPolicy(tooLong)).toThrow(expect.objectContaining({
      code: 'InvalidParameterValue', message: 'Session policy should not exceed 2048 characters',
    }));
  });
});
