import { describe, expect, it } from '@jest/globals';
import { OpenIdConfigError, parseOpenIdProviders, type RawOpenIdProvider } from './provider-config.js';
import { roleArnFor } from './role-arn.js';

const URL_A = 'https://idp-a.example/.well-known/openid-configuration';
const URL_B = 'https://idp-b.example/.well-known/openid-configuration';
const raw = (name: string, values: RawOpenIdProvider['values']): RawOpenIdProvider => ({ name, values });

function refusal(raws: RawOpenIdProvider[]) {
  try {
    parseOpenIdProviders(raws, undefined);
  } catch (error) {
    if (error instanceof OpenIdConfigError) return { provider: error.provider, key: error.key, message: error.message };
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('parseOpenIdProviders (MinIO LookupConfig rules)', () => {
  it('reads a claim-based provider with MinIO defaults', () => {
    const [provider] = parseOpenIdProviders([raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'sts' })], undefined);
    expect(provider).toMatchObject({ name: '', clientId: 'sts', policyClaim: 'policy', rolePolicies: [], claimUserInfo: false });
    expect(provider.roleArn).toBeUndefined();
  });

  it('prefixes the claim name and reads CLAIM_USERINFO', () => {
    const [provider] = parseOpenIdProviders([raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'sts', CLAIM_PREFIX: 'https://min.io/', CLAIM_NAME: 'groups', CLAIM_USERINFO: 'on' })], undefined);
    expect(provider).toMatchObject({ policyClaim: 'https://min.io/groups', claimUserInfo: true });
  });

  it('gives every role-policy provider its role ARN, with the region', () => {
    const providers = parseOpenIdProviders([
      raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'a' }),
      raw('B', { CONFIG_URL: URL_B, CLIENT_ID: 'b', ROLE_POLICY: 'readonly, diagnostics' }),
      raw('C', { CONFIG_URL: URL_B, CLIENT_ID: 'c', ROLE_POLICY: 'readwrite' }),
    ], 'eu-west-1');
    expect(providers.map((p) => p.roleArn)).toEqual([undefined, roleArnFor('b', 'eu-west-1'), roleArnFor('c', 'eu-west-1')]);
    expect(providers[1].rolePolicies).toEqual(['readonly', 'diagnostics']);
  });

  it('skips providers that are not enabled: nothing set, or ENABLE=off', () => {
    expect(parseOpenIdProviders([raw('', {}), raw('X', { CONFIG_URL: URL_A, CLIENT_ID: 'x', ENABLE: 'off' })], undefined)).toEqual([]);
  });

  it.each([
    ['a provider without CONFIG_URL', [raw('', { CLIENT_ID: 'sts' })], { key: 'CONFIG_URL', message: expect.stringContaining('required') }],
    ['a CONFIG_URL that is not http(s)', [raw('', { CONFIG_URL: 'ftp://x', CLIENT_ID: 'sts' })], { key: 'CONFIG_URL' }],
    ['a provider without CLIENT_ID', [raw('', { CONFIG_URL: URL_A })], { key: 'CLIENT_ID' }],
    ['a second claim-based provider', [raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'a' }), raw('B', { CONFIG_URL: URL_B, CLIENT_ID: 'b' })],
      { provider: 'B', key: 'CONFIG_URL', message: 'Only one OpenID provider can be configured if not using role policy mapping' }],
    ['a repeated client id', [raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'a' }), raw('B', { CONFIG_URL: URL_B, CLIENT_ID: 'a', ROLE_POLICY: 'readonly' })],
      { provider: 'B', key: 'CLIENT_ID' }],
    ['ROLE_POLICY with a non-default CLAIM_NAME', [raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'a', ROLE_POLICY: 'readonly', CLAIM_NAME: 'groups' })], { key: 'ROLE_POLICY' }],
    ['an empty ROLE_POLICY list', [raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'a', ROLE_POLICY: ' , ' })], { key: 'ROLE_POLICY' }],
    ['an empty item in SCOPES', [raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'a', SCOPES: 'openid,,email' })], { key: 'SCOPES' }],
    ['a bad ENABLE value', [raw('', { CONFIG_URL: URL_A, CLIENT_ID: 'a', ENABLE: 'maybe' })], { key: 'ENABLE' }],
  ])('refuses %s, naming the setting', (_name, raws, expected) => {
    expect(refusal(raws)).toMatchObject(expected);
  });
});
