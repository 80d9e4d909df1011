import { Subjects, type LiveCredential } from '#contracts';
import { authenticateTemporaryCredential, describeCaller, findHeader, systemClock } from '#domain';
import { callerIdentityResult, callerIdentityXml } from '../sts-xml.js';
import { requireSigV4, type ActionDeps, type StsAction } from './sts-action.js';

/**
 * GetCallerIdentity issues nothing. Temporary credentials are verified here against the gateway's
 * credential cache; long-term keys (root, users) by the assume-role verifier, which holds them.
 */
export const getCallerIdentity = ({ client, credentials, region }: ActionDeps): StsAction => async (request) => {
  requireSigV4(request);
  if (findHeader(request.signed, 'x-amz-security-token') === undefined) {
    const identity = await client.request(Subjects.VerifyCallerIdentity, { requestId: request.requestId, signed: request.signed });
    return { xml: callerIdentityXml(callerIdentityResult(identity), request.requestId) };
  }
  const credential = await authenticateTemporaryCredential(request.signed, credentials, systemClock, region, 'sts', request.sigv4);
  return { xml: callerIdentityXml(resultOf(credential), request.requestId) };
};

/** The answer's content per cached credential (a record never changed in place; weakly held, gone with it). */
const results = new WeakMap<LiveCredential, string>();

function resultOf(credential: LiveCredential): string {
  let result = results.get(credential);
  if (result === undefined) {
    result = callerIdentityResult(describeCaller(credential));
    results.set(credential, result);
  }
  return result;
}
