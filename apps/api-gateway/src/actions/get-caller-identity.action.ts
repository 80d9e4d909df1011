import { authenticateTemporaryCredential, describeCaller, systemClock } from '#domain';
import { callerIdentityXml } from '../sts-xml.js';
import { requireSigV4, type ActionDeps, type StsAction } from './sts-action.js';

/** GetCallerIdentity: verified in the gateway against its credential cache; it issues nothing. */
export const getCallerIdentity = ({ credentials, region }: ActionDeps): StsAction => async (request) => {
  requireSigV4(request);
  const credential = await authenticateTemporaryCredential(request.signed, credentials, systemClock, region);
  return { xml: callerIdentityXml(describeCaller(credential), request.requestId) };
};
