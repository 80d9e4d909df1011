import { describe, expect, it } from '@jest/globals';
import { StsError, type IssueCredentialRequest, type VerifyWebIdentityRequest } from '#contracts';
import { PolicyCatalog } from '../iam/policy-catalog.js';
import { FixedClock, InMemoryPolicyStore } from '../testing/in-memory-stores.js';
import { AssumeRoleWithToken } from './assume-role-with-token.js';
import { openIdParentUser } from './parent-user.js';
import type { OpenIdProviderConfig } from './provider-config.js';
import { OpenIdProviderDirectory, type IdentityTokenVerifier } from './provider-directory.js';
import { DUMMY_ROLE_ARN, roleArnFor } from './role-arn.js';
import type { IdentityClaims } from './token-claims.js';

const NOW = 1_800_000_000_000;
const ISS = 'https://idp.example';
const ROLE_ARN = roleArnFor('role-client', undefined);
const claimConfig: OpenIdProviderConfig = { name: '', configUrl: `${ISS}/.well-known/openid-configuration`, clientId: 'sts', policyClaim: 'policy', rolePolicies: [], claimUserInfo: false };
const roleConfig: OpenIdProviderConfig = { ...claimConfig, name: 'ROLE', clientId: 'role-client', rolePolicies: ['readonly', 'missing'], roleArn: ROLE_ARN };

/** A verifier that accepts the token "good" with the given claims, and reports anything else as told. */
const verifierOf = (claims: IdentityClaims, failure?: StsError): IdentityTokenVerifier & { accessTokens: (string | undefined)[] } => {
  const accessTokens: (string | undefined)[] = [];
  return {
    accessTokens,
    verify: async (_token, accessToken) => {
      accessTokens.push(accessToken);
      if (failure) throw failure;
      return claims;
    },
  };
};

const baseClaims = { iss: ISS, sub: 'alice', aud: 'sts', exp: NOW / 1000 + 600, iat: NOW / 1000, policy: 'readwrite,nonexistent', email: 'a@x' };

function setup(options: { claims?: IdentityClaims; failure?: StsError; configs?: OpenIdProviderConfig[]; override?: number; action?: 'AssumeRoleWithWebIdentity' | 'AssumeRoleWithClientGrants' } = {}) {
  const verifier = verifierOf(options.claims ?? baseClaims, options.failure);
  const configs = options.configs ?? [claimConfig, roleConfig];
  const directory = new OpenIdProviderDirectory(configs.map((config) => ({ config, verifier })));
  const policies = new InMemoryPolicyStore();
  const issued: IssueCredentialRequest[] = [];
  const minter = { issue: async (r: IssueCredentialRequest) => { issued.push(r); return { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'T', expiration: 'E' }; } };
  const sut = new AssumeRoleWithToken(directory, new PolicyCatalog(policies), minter, new FixedClock(NOW), {
    action: options.action ?? 'AssumeRoleWithWebIdentity', durationOverrideSeconds: options.override,
  });
  return { sut, issued, policies, verifier };
}

const request = (overrides: Partial<VerifyWebIdentityRequest> = {}): VerifyWebIdentityRequest => ({ requestId: 'r1', token: 'good', ...overrides });

describe(AssumeRoleWithToken.name, () => {
  it('issues in claim mode with the existing policies, the derived parent and the IdP claims', async () => {
    const { sut, issued } = setup();
    const result = await sut.execute(request({ roleSessionName: 'sess', tokenRevokeType: 't' }));
    expect(result).toMatchObject({ accessKeyId: 'AK', subjectFromToken: 'alice' });
    expect(issued[0]).toMatchObject({
      provider: 'openid', parent: openIdParentUser('alice', ISS), policies: ['readwrite'], durationSeconds: 600,
      roleSessionName: 'sess', tokenRevokeType: 't',
    });
    expect(issued[0].claims).toMatchObject({ sub: 'alice', email: 'a@x', policy: 'readwrite' });
    expect(issued[0].claims).not.toHaveProperty('exp');
  });

  it('ignores an unknown RoleArn when a claim-based provider exists (AWS SDKs must send one)', async () => {
    const { sut, issued } = setup();
    await sut.execute(request({ roleArn: 'arn:aws:iam::123456789012:role/whatever' }));
    expect(issued[0].policies).toEqual(['readwrite']);
  });

  it('uses the role policies in role mode, records the role ARN and ignores the policy claim', async () => {
    const { sut, issued } = setup({ claims: { ...baseClaims, policy: undefined } });
    await sut.execute(request({ roleArn: ROLE_ARN }));
    expect(issued[0].policies).toEqual(['readonly']);
    expect(issued[0].claims).toMatchObject({ roleArn: ROLE_ARN });
  });

  it('drops claims that would mean something in our own session token', async () => {
    const { sut, issued } = setup({ claims: { ...baseClaims, sessionPolicy: 'e30=', accessKey: 'X', parent: 'root', roleArn: ROLE_ARN } });
    await sut.execute(request());
    expect(Object.keys(issued[0].claims ?? {})).not.toEqual(expect.arrayContaining(['sessionPolicy']));
    expect(issued[0].claims).not.toHaveProperty('accessKey');
    expect(issued[0].claims).not.toHaveProperty('roleArn');
    expect(issued[0].sessionPolicy).toBeUndefined();
  });

  it.each([
    ['no provider at all', { configs: [] }, request(), `Role ${DUMMY_ROLE_ARN} does not exist`],
    ['only role providers and no RoleArn', { configs: [roleConfig] }, request(), `Role ${DUMMY_ROLE_ARN} does not exist`],
    ['an unknown RoleArn and no claim provider', { configs: [roleConfig] }, request({ roleArn: 'arn:minio:iam:::role/nope' }), 'Error processing RoleArn parameter: RoleARN arn:minio:iam:::role/nope is not defined.'],
    ['a malformed RoleArn and no claim provider', { configs: [roleConfig] }, request({ roleArn: 'garbage' }), 'Error processing RoleArn parameter: RoleARN parse err: invalid ARN string format'],
    ['a missing policy claim', { claims: { ...baseClaims, policy: undefined } }, request(), 'policy claim missing from the JWT token, credentials will not be generated'],
    ['policies that do not exist', { claims: { ...baseClaims, policy: ['x', 'y'] } }, request(), 'None of the given policies (`x,y`) are defined, credentials will not be generated'],
    ['a missing sub', { claims: { ...baseClaims, sub: undefined } }, request(), 'STS JWT Token has `sub` claim missing, `sub` claim is mandatory'],
    ['UserInfo without an access token', { configs: [{ ...claimConfig, claimUserInfo: true }] }, request(), 'access_token is mandatory if user_info claim is enabled'],
  ])('refuses %s with InvalidParameterValue and MinIO\'s message', async (_name, options, req, message) => {
    const { sut, issued } = setup(options);
    await expect(sut.execute(req)).rejects.toMatchObject({ code: 'InvalidParameterValue', message });
    expect(issued).toHaveLength(0);
  });

  it('passes the access token to the verifier only when UserInfo is on', async () => {
    const on = setup({ configs: [{ ...claimConfig, claimUserInfo: true }] });
    await on.sut.execute(request({ accessToken: 'at' }));
    const off = setup();
    await off.sut.execute(request({ accessToken: 'at' }));
    expect([on.verifier.accessTokens, off.verifier.accessTokens]).toEqual([['at'], [undefined]]);
  });

  it.each([
    ['AssumeRoleWithWebIdentity', 'The web identity token that was passed is expired'],
    ['AssumeRoleWithClientGrants', 'The client grants that was passed is expired'],
  ] as const)('answers an expired token of %s with the action\'s ExpiredToken text', async (action, message) => {
    const { sut } = setup({ action, failure: new StsError('ExpiredIdentityToken', 'exp') });
    await expect(sut.execute(request())).rejects.toMatchObject({ code: 'ExpiredIdentityToken', message: expect.stringContaining(message) });
  });

  it('applies DurationSeconds, MINIO_STS_DURATION, and an explicit sts:DurationSeconds Deny', async () => {
    const { sut, issued, policies } = setup({ claims: { ...baseClaims, policy: 'readwrite,short' } });
    await sut.execute(request({ durationSeconds: 900 }));
    expect(issued[0].durationSeconds).toBe(900);
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['sts:AssumeRoleWithWebIdentity'], Condition: { NumericGreaterThan: { 'sts:DurationSeconds': [3600] } } }] };
    await policies.put({ version: 1, name: 'short', policy: JSON.stringify(deny), updatedAt: 0 });
    await expect(sut.execute(request({ durationSeconds: 7200 }))).rejects.toMatchObject({ code: 'AccessDenied' });
    await sut.execute(request({ durationSeconds: 3600 }));
    expect(issued[1].policies).toEqual(['readwrite', 'short']);
    const overridden = setup({ override: 43200 });
    await overridden.sut.execute(request({ durationSeconds: 900 }));
    expect(overridden.issued[0].durationSeconds).toBe(43200);
  });
});
