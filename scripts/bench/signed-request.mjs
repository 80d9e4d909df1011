// One SigV4-signed STS form POST, replayed as is by every connection: SigV4 has no nonce, and the
// signature stays valid for 15 minutes, so each replay is a real, distinct call.
import { signSigV4 } from '#domain';

const FORM = 'application/x-www-form-urlencoded';

/** Headers (without `host`, which the client derives from the URL) signing `body` for POST `/` at `gateway`. */
export function signedStsHeaders({ gateway, keys, region, body, now = new Date() }) {
  const headers = signSigV4(
    { method: 'POST', host: new URL(gateway).host, path: '/', body, headers: { 'content-type': FORM } },
    { accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, sessionToken: keys.sessionToken, region, service: 'sts', now },
  );
  delete headers.host;
  return headers;
}
