import { Subjects } from '#contracts';
import { authenticateTemporaryCredential, describeCaller, findHeader, systemClock } from '#domain';
import { callerIdentityXml } from '../sts-xml.js';
import { requireSigV4, type ActionDeps, type StsAction } from './sts-action.js';

/**
 * GetCallerIdentity issues nothing. Temporary credentials are verified here against the gateway's
 * credential cache; long-term keys (root, users) by the assume-role verifier, which holds them.
 */
export const getCallerIdentity = ({ client, credentials, region }: ActionDeps): StsAction => async (request) => {
  requireSigV4(request);
  if (findHeader(request.signed, 'x-amz-security-token') === undefined) {
    const identity = await client.request(Subjects.VerifyCallerIdentity, { requestId: request.requestId, signed: request.signed });
    return { xml: callerIdentityXml(identity, request.requestId) };
  }
  const credential = await authenticateTemporaryCredential(request.signed, credentials, systemClock, region, 'sts', request.sigv4);
  return { xml: callerIdentityXml(describeCaller(credential), request.requestId) };
};
