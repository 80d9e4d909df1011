import { STSClient } from '@aws-sdk/client-sts';
import { signSigV4 } from '#domain';

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: string;
}

/** An AWS SDK STS client pointed at one gateway. */
export function sdkClient(gateway: string, credentials: Keys, region = 'us-east-1'): STSClient {
  return new STSClient({ endpoint: gateway, region, credentials, maxAttempts: 1 });
}

export async function post(gateway: string, body: string | Uint8Array, headers: Record<string, string> = {}, path = '/'): Promise<HttpReply> {
  const response = await fetch(new URL(path, gateway), { method: 'POST', body: body as BodyInit, headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** A form POST signed the way minio-go signs STS calls: SigV4 service `sts`, X-Amz-Content-Sha256 set. */
export function signedFormPost(gateway: string, keys: Keys, body: string, region = 'us-east-1', now = new Date()): Promise<HttpReply> {
  const url = new URL(gateway);
  const headers = signSigV4(
    { method: 'POST', host: url.host, path: '/', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, sessionToken: keys.sessionToken, region, service: 'sts', now },
  );
  delete headers.host;
  return post(gateway, body, headers);
}

/** The fields of an STS ErrorResponse document. */
export function stsError(xml: string): { type?: string; code?: string; message?: string; requestId?: string } {
  const field = (name: string) => xmlField(xml, name);
  if (!xml.includes('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">')) return {};
  return { type: field('Type'), code: field('Code'), message: field('Message'), requestId: field('RequestId') };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&#39;': "'", '&quot;': '"', '&apos;': "'" };

/** The text of the first element with this name, entities decoded. */
export function xmlField(xml: string, name: string): string | undefined {
  return xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1].replace(/&(amp|lt|gt|#34|#39|quot|apos);/g, (e) => ENTITIES[e]);
}
