// Signs and sends admin API calls the way MinIO's madmin does (SigV4, service "s3"). Bodies go as
// plain JSON, which the server accepts; answers madmin expects encrypted come back encrypted with
// the signer's secret key and are decrypted here.
import { decryptMadminBody, looksMadminEncrypted, signSigV4 } from '#domain';

export class AdminError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** `userAgent`: sent unsigned, as madmin sends its own (tests use it to speak as a given madmin version). */
export function adminClient({ endpoint, accessKey, secretKey, sessionToken, region, userAgent }) {
  const base = new URL(endpoint);
  return async function call(method, path, query = {}, body = '') {
    const search = new URLSearchParams(query).toString();
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers = signSigV4(
      { method, host: base.host, path: `/minio/admin/v3/${path}`, query: search, body: text, headers: text ? { 'content-type': 'application/json' } : {} },
      { accessKey, secretKey, sessionToken, region, service: 's3', now: new Date() },
    );
    delete headers.host;
    if (userAgent) headers['user-agent'] = userAgent;
    let response;
    try {
      response = await fetch(new URL(`/minio/admin/v3/${path}${search ? `?${search}` : ''}`, base), { method, headers, body: text || undefined });
    } catch (error) {
      throw new AdminError(0, 'ConnectionFailed', `cannot reach ${base.origin}: ${error.cause?.message ?? error.message}`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const raw = response.ok && looksMadminEncrypted(bytes) ? (await decryptMadminBody(secretKey, bytes)).toString('utf8') : bytes.toString('utf8');
    const parsed = raw ? safeJson(raw) : {};
    if (!response.ok) throw new AdminError(response.status, parsed?.Code ?? 'Error', parsed?.Message ?? `HTTP ${response.status}`);
    return parsed;
  };
}

function safeJson(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return { Message: raw.slice(0, 200) };
  }
}
