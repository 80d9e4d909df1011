import { MAX_LDAP_CREDENTIAL_LENGTH, StsError, Subjects, type VerifyLdapRequest } from '#contracts';
import { EMPTY_LDAP_CREDENTIALS, normalizeSessionPolicy, parseDurationSeconds } from '#domain';
import { tokenRevokeType } from '../sts-parameters.js';
import type { StsHttpRequest } from '../sts-http-request.js';
import { ldapIdentityXml } from '../sts-xml.js';
import type { ActionDeps, StsAction } from './sts-action.js';

/**
 * The checks that need no secret (MinIO §1.3): both names before anything else, since an empty
 * password would be an unauthenticated bind that many directories accept; the verifier judges the
 * rest. `DurationSeconds` is checked here, before the LDAP round trip (MinIO: after it).
 */
export function ldapIdentityRequest(request: StsHttpRequest): VerifyLdapRequest {
  const username = request.params.get('LDAPUsername') ?? '';
  const password = request.params.get('LDAPPassword') ?? '';
  if (username === '' || password === '') throw new StsError('MissingParameter', EMPTY_LDAP_CREDENTIALS);
  if (username.length > MAX_LDAP_CREDENTIAL_LENGTH || password.length > MAX_LDAP_CREDENTIAL_LENGTH) {
    throw new StsError('InvalidParameterValue', `LDAPUsername and LDAPPassword must be at most ${MAX_LDAP_CREDENTIAL_LENGTH} characters`);
  }
  return {
    requestId: request.requestId,
    username,
    password,
    sessionPolicy: normalizeSessionPolicy(request.params.get('Policy')),
    durationSeconds: parseDurationSeconds(request.params.get('DurationSeconds')),
    tokenRevokeType: tokenRevokeType(request.params),
    sourceIp: request.sourceIp,
  };
}

/** AssumeRoleWithLDAPIdentity: unsigned (form body or query), forwarded to the LDAP verifier. */
export const ldapIdentity = ({ client }: ActionDeps): StsAction => async (request) => {
  const issued = await client.request(Subjects.VerifyLdap, ldapIdentityRequest(request));
  return { xml: ldapIdentityXml(issued, request.requestId), issued };
};
