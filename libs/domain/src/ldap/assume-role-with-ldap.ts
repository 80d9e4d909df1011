import { StsError, type IssuedCredentials, type VerifyLdapRequest } from '#contracts';
import type { EffectivePolicies } from '../iam/effective-policies.js';
import type { CredentialMinter } from '../sts/assume-role.js';
import { DEFAULT_DURATION_SECONDS } from '../sts/duration.js';
import { DirectoryFailure } from './directory.js';
import { LoginRefused, type DirectoryIdentity, type DirectoryLogin } from './directory-login.js';
import type { LoginThrottle } from './login-throttle.js';

export const EMPTY_LDAP_CREDENTIALS = 'LDAPUsername and LDAPPassword cannot be empty';
/** MinIO answers a missing LDAP configuration through its bind error ("ldap is not configured"). */
export const LDAP_NOT_CONFIGURED = 'LDAP server error: ldap is not configured';
/** One message for an unknown user, a wrong password or an ambiguous filter, as MinIO's newest. */
export const LDAP_AUTHENTICATION_FAILED = 'LDAP authentication failed';
const DIRECTORY_UNAVAILABLE = 'The LDAP directory is unavailable; please try again.';
/** MinIO's ErrSTSUpstreamError description. */
const UPSTREAM_FAILED = 'An upstream service required for this operation failed - please try again or contact an administrator.';

/**
 * AssumeRoleWithLDAPIdentity (reference §1.3, §4): throttle check, directory login, policies of
 * the user DN and its group DNs (looked up live, never frozen into the credential), then minting.
 * `login` is undefined when LDAP is not configured.
 */
export class AssumeRoleWithLdap {
  constructor(
    private readonly login: DirectoryLogin | undefined,
    private readonly throttle: LoginThrottle,
    private readonly policies: Pick<EffectivePolicies, 'of'>,
    private readonly minter: CredentialMinter,
  ) {}

  async execute(request: VerifyLdapRequest): Promise<IssuedCredentials> {
    // Checked here too: an empty password is an unauthenticated bind, which many servers accept.
    if (!request.username || !request.password) throw new StsError('MissingParameter', EMPTY_LDAP_CREDENTIALS);
    const { identity, released } = await this.authenticate(request);
    try {
      return await this.issue(request, identity);
    } finally {
      // Given back beside the policy lookup and the minting rather than before them (one budget round trip off every login).
      await released;
    }
  }

  private async issue(request: VerifyLdapRequest, identity: DirectoryIdentity): Promise<IssuedCredentials> {
    const { names } = await this.policies.of({ provider: 'ldap', parent: identity.dn, groups: identity.groups });
    if (names.length === 0) {
      throw new StsError('InvalidParameterValue',
        `expecting a policy to be set for user \`${identity.actualDn}\` or one of their groups: \`${identity.groups.join('`,`')}\` - rejecting this request`);
    }
    return this.minter.issue({
      requestId: request.requestId,
      provider: 'ldap',
      parent: identity.dn,
      groups: identity.groups,
      durationSeconds: request.durationSeconds ?? DEFAULT_DURATION_SECONDS,
      sessionPolicy: request.sessionPolicy,
      tokenRevokeType: request.tokenRevokeType,
      claims: ldapClaims(identity, request.username),
    });
  }

  /** The identity once the bind succeeded, and the give-back of its reservations, under way. */
  private async authenticate(request: VerifyLdapRequest): Promise<{ identity: DirectoryIdentity; released: Promise<void> }> {
    if (!this.login) throw new StsError('InvalidParameterValue', LDAP_NOT_CONFIGURED);
    // Reserved before the directory is asked: if the budget is out of reach the caller gets the 503,
    // so that a right and a wrong password cannot be told apart while the counters are down.
    const attempt = await this.throttle.begin(request.username, request.sourceIp);
    try {
      const identity = await this.login.login(request.username, request.password, (dn) => this.throttle.reserveEntry(attempt, dn));
      return { identity, released: this.throttle.release(attempt) };
    } catch (error) {
      // A refused login keeps its reservations: they are its failure. Anything else gives them back.
      if (error instanceof LoginRefused) throw new StsError('InvalidParameterValue', LDAP_AUTHENTICATION_FAILED, { cause: error });
      await this.throttle.release(attempt);
      if (error instanceof DirectoryFailure) {
        throw new StsError(error.kind === 'unreachable' ? 'ServiceUnavailable' : 'InternalError', error.kind === 'unreachable' ? DIRECTORY_UNAVAILABLE : UPSTREAM_FAILED, { cause: error });
      }
      throw error;
    }
  }
}

/** The session-token claims MinIO sets for LDAP (reference §7.2). */
function ldapClaims(identity: DirectoryIdentity, username: string): Record<string, unknown> {
  const claims: Record<string, unknown> = { ldapUser: identity.dn, ldapActualUser: identity.actualDn, ldapUsername: username };
  for (const [name, values] of Object.entries(identity.attributes)) claims[`ldapAttrib_${name}`] = values;
  return claims;
}
