import { Subjects } from '#contracts';
import { normalizeSessionPolicy, parseDurationSeconds } from '#domain';
import { roleSessionName, tokenRevokeType } from '../sts-parameters.js';
import { assumeRoleXml } from '../sts-xml.js';
import { requireSigV4, type ActionDeps, type StsAction } from './sts-action.js';

/** AssumeRole: signed with long-term keys, which only the assume-role verifier can check. */
export const assumeRole = ({ client }: ActionDeps): StsAction => async (request) => {
  requireSigV4(request);
  const issued = await client.request(Subjects.VerifyAssumeRole, {
    requestId: request.requestId,
    signed: request.signed,
    sessionPolicy: normalizeSessionPolicy(request.params.get('Policy')),
    durationSeconds: parseDurationSeconds(request.params.get('DurationSeconds')),
    roleSessionName: roleSessionName(request.params),
    tokenRevokeType: tokenRevokeType(request.params),
  });
  return { xml: assumeRoleXml(issued, request.requestId), issued };
};
