import { Limits, MAX_IDENTITY_TOKEN_LENGTH, StsError, Subjects, type TokenAction, type VerifyWebIdentityRequest } from '#contracts';
import { normalizeSessionPolicy, parseDurationSeconds } from '#domain';
import { optionalParameter, roleSessionName, tokenRevokeType } from '../sts-parameters.js';
import type { StsHttpRequest } from '../sts-http-request.js';
import { tokenActionXml } from '../sts-xml.js';
import type { ActionDeps, StsAction } from './sts-action.js';

const SUBJECTS = { AssumeRoleWithWebIdentity: Subjects.VerifyWebIdentity, AssumeRoleWithClientGrants: Subjects.VerifyClientGrants } as const;

/** MinIO reads `Token` first and falls back to `WebIdentityToken`, for both actions (§1.2). */
function identityToken(request: StsHttpRequest): string {
  const token = request.params.get('Token') || request.params.get('WebIdentityToken');
  if (!token) throw new StsError('MissingParameter', 'Token or WebIdentityToken is required');
  if (token.length > MAX_IDENTITY_TOKEN_LENGTH) throw new StsError('InvalidIdentityToken', `The token is larger than ${MAX_IDENTITY_TOKEN_LENGTH} bytes`);
  return token;
}

/** The checks that need no secret, as for AssumeRole; the token itself is judged by the verifier. */
export function tokenActionRequest(request: StsHttpRequest): VerifyWebIdentityRequest {
  return {
    requestId: request.requestId,
    token: identityToken(request),
    accessToken: optionalParameter(request.params, 'WebIdentityAccessToken', MAX_IDENTITY_TOKEN_LENGTH),
    roleArn: optionalParameter(request.params, 'RoleArn', Limits.roleArn),
    durationSeconds: parseDurationSeconds(request.params.get('DurationSeconds')),
    sessionPolicy: normalizeSessionPolicy(request.params.get('Policy')),
    tokenRevokeType: tokenRevokeType(request.params),
    roleSessionName: roleSessionName(request.params),
  };
}

/** AssumeRoleWithWebIdentity / AssumeRoleWithClientGrants: unsigned, forwarded to the action's verifier. */
export const tokenIdentity = ({ client }: ActionDeps, action: TokenAction): StsAction => async (request) => {
  const issued = await client.request(SUBJECTS[action], tokenActionRequest(request));
  return { xml: tokenActionXml(action, issued, request.requestId), issued };
};
