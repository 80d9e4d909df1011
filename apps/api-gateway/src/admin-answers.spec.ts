import { describe, expect, it } from '@jest/globals';
import { ADMIN_ROUTES } from '#domain';
import { ADMIN_ANSWERS, groupInfo, policyInfo, serviceAccountList, serviceAccountListShape, userList } from './admin-answers.js';

const context = (query = '') => ({ query: new URLSearchParams(query), request: {} as never });

describe('admin answers (MinIO JSON as madmin decodes it)', () => {
  it('has an answer for every admin route, and none for a route that does not exist', () => {
    expect(ADMIN_ROUTES.map((r) => r.path).filter((p) => !ADMIN_ANSWERS[p])).toEqual([]);
    expect(Object.keys(ADMIN_ANSWERS).filter((p) => !ADMIN_ROUTES.some((r) => r.path === p))).toEqual([]);
  });

  it('lists users as an object keyed by access key, without empty policyName and memberOf', () => {
    const users = [
      { accessKey: 'alice', status: 'enabled' as const, policies: ['readonly', 'diagnostics'], memberOf: ['devs'], updatedAt: '2026-11-23T00:00:00.000Z' },
      { accessKey: 'bob', status: 'disabled' as const, policies: [], memberOf: [], updatedAt: '2026-11-23T00:00:00.000Z' },
    ];
    expect(userList({ users }, context()).body).toEqual({
      alice: { policyName: 'readonly,diagnostics', status: 'enabled', memberOf: ['devs'], updatedAt: '2026-11-23T00:00:00.000Z' },
      bob: { status: 'disabled', updatedAt: '2026-11-23T00:00:00.000Z' },
    });
  });

  it('describes a disabled group with an empty policy and an empty group with members null', () => {
    const group = { name: 'devs', status: 'disabled' as const, members: [], policies: ['readonly'], updatedAt: 'T' };
    expect(groupInfo(group, context()).body).toEqual({ name: 'devs', status: 'disabled', members: null, policy: '', updatedAt: 'T' });
  });

  it('answers info-canned-policy v1 with the bare document and v2 with PolicyName, Policy and dates; other versions are refused', () => {
    const info = { name: 'p', canned: false, policy: { Version: '2012-10-17', Statement: [] }, createdAt: 'C', updatedAt: 'U' };
    expect(policyInfo(info, context()).body).toEqual(info.policy);
    expect(policyInfo(info, context('v=2')).body).toEqual({ PolicyName: 'p', Policy: info.policy, CreateDate: 'C', UpdateDate: 'U' });
    expect(policyInfo({ name: 'readonly', canned: true, policy: {} }, context('v=2')).body).toEqual({ PolicyName: 'readonly', Policy: {} });
    expect(() => policyInfo(info, context('v=3'))).toThrow('Unknown info-canned-policy version');
  });

  it('picks the list-service-accounts shape by the madmin version the client names, else by the setting', () => {
    expect(serviceAccountListShape('MinIO (linux; amd64) madmin-go/2.0.0')).toBe('strings');
    expect(serviceAccountListShape('MinIO (linux; amd64) madmin-go/2.0.0', 'objects')).toBe('objects');
    expect(serviceAccountListShape('MinIO (linux; amd64) madmin-go/3.0.70 mc/RELEASE.2025-08-13T08-35-41Z')).toBe('objects');
    expect(serviceAccountListShape('MinIO (darwin; arm64) madmin-go/4.1.2')).toBe('objects');
    expect(serviceAccountListShape('MinIO (linux; amd64) madmin-go/3.0.0')).toBe('strings');
    expect(serviceAccountListShape('curl/8.0')).toBe('strings');
    expect(serviceAccountListShape(undefined, 'objects')).toBe('objects');
  });

  it('lists service accounts as access keys or as madmin v3 objects, null when there are none', () => {
    const accounts = [
      { accessKey: 'svc1', parentUser: 'alice', accountStatus: 'on' as const, impliedPolicy: true, policy: '{}', name: 'ci', comment: '' },
      { accessKey: 'svc2', parentUser: 'alice', accountStatus: 'off' as const, impliedPolicy: false, policy: '{}', expiration: '2030-01-01T00:00:00Z' },
    ];
    expect(serviceAccountList({ accounts }, context()).body).toEqual({ accounts: ['svc1', 'svc2'] });
    expect(serviceAccountList({ accounts }, { ...context(), userAgent: 'madmin-go/3.0.70' }).body).toEqual({
      accounts: [
        { parentUser: 'alice', accountStatus: 'on', impliedPolicy: true, accessKey: 'svc1', name: 'ci' },
        { parentUser: 'alice', accountStatus: 'off', impliedPolicy: false, accessKey: 'svc2', expiration: '2030-01-01T00:00:00Z' },
      ],
    });
    expect(serviceAccountList({ accounts: [] }, { ...context(), serviceAccountList: 'objects' }).body).toEqual({ accounts: null });
  });
});
