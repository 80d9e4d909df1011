import { describe, expect, it } from '@jest/globals';
import { roleArnFor } from '#domain';
import { openIdPoolSettings } from './openid-verifier-config.js';


const URL_A = 'https://a.example/.well-known/openid-configuration';
const URL_B = 'https://b.example/.well-known/openid-configuration';

describe('openIdPoolSettings (MINIO_IDENTITY_OPENID_* and STS_OIDC_*)', () => {
  it('configures no provider from an empty environment, with our documented defaults', () => {
    expect(openIdPoolSettings({}, undefined)).toEqual({
      providers: [],
      client: { timeoutMs: 2000, refetchIntervalMs: 10_000, refreshIntervalMs: 900_000 },
      rules: { clockSkewSeconds: 60, maxTokenBytes: 16_384 },
    });
  });

  it('reads the unsuffixed provider and every _<NAME> provider', () => {
    const { providers } = openIdPoolSettings({
      MINIO_IDENTITY_OPENID_CONFIG_URL: URL_A,
      MINIO_IDENTITY_OPENID_CLIENT_ID: 'a',
      MINIO_IDENTITY_OPENID_CLAIM_NAME: 'groups',
      MINIO_IDENTITY_OPENID_REDIRECT_URI_DYNAMIC: 'on',
      MINIO_IDENTITY_OPENID_CONFIG_URL_CORP_SSO: URL_B,
      MINIO_IDENTITY_OPENID_CLIENT_ID_CORP_SSO: 'b',
      MINIO_IDENTITY_OPENID_ROLE_POLICY_CORP_SSO: 'readonly',
    }, 'us-east-1');
    expect(providers.map((p) => [p.name, p.clientId, p.policyClaim, p.roleArn])).toEqual([
      ['', 'a', 'groups', undefined],
      ['CORP_SSO', 'b', 'policy', roleArnFor('b', 'us-east-1')],
    ]);
  });

  it.each([
    [{ MINIO_IDENTITY_OPENID_CLIENT_ID: 'a' }, 'MINIO_IDENTITY_OPENID_CONFIG_URL: is required'],
    [{ MINIO_IDENTITY_OPENID_CONFIG_URL_X: URL_A }, 'MINIO_IDENTITY_OPENID_CLIENT_ID_X: is required'],
    [{ MINIO_IDENTITY_OPENID_CONFIG_URL: URL_A, MINIO_IDENTITY_OPENID_CLIENT_ID: 'a', MINIO_IDENTITY_OPENID_CONFIG_URL_B: URL_B, MINIO_IDENTITY_OPENID_CLIENT_ID_B: 'b' },
      'MINIO_IDENTITY_OPENID_CONFIG_URL_B: Only one OpenID provider'],
    [{ STS_OIDC_CLOCK_SKEW_SECONDS: '-1' }, 'STS_OIDC_CLOCK_SKEW_SECONDS'],
    [{ STS_OIDC_MAX_TOKEN_BYTES: '30000' }, 'STS_OIDC_MAX_TOKEN_BYTES'],
  ])('stops at boot with a message naming the variable: %p', (env, message) => {
    expect(() => openIdPoolSettings(env, undefined)).toThrow(message);
  });

  it('allows a zero clock-skew leeway', () => {
    expect(openIdPoolSettings({ STS_OIDC_CLOCK_SKEW_SECONDS: '0' }, undefined).rules.clockSkewSeconds).toBe(0);
  });
});
