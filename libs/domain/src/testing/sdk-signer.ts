import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SignedRequest } from '#contracts';

/** The Checksum shape smithy expects, over node:crypto. */
export class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = typeof secret === 'string' || secret === undefined ? secret : Buffer.from(secret as Uint8Array);
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

export interface SdkSignOptions {
  accessKey: string;
  secretKey: string;
  sessionToken?: string;
  body: string;
  signedAt: Date;
  region?: string;
  service?: string;
}

/** A form POST to `/` signed by the AWS SDK's own signer: the independent oracle for our verifier. */
export async function signWithSdk(options: SdkSignOptions): Promise<SignedRequest> {
  const signer = new SignatureV4({
    service: options.service ?? 'sts',
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: options.accessKey, secretAccessKey: options.secretKey, sessionToken: options.sessionToken },
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path: '/', query: {},
    headers: { host: '127.0.0.1:9000', 'content-type': 'application/x-www-form-urlencoded' },
    body: options.body,
  }, { signingDate: options.signedAt });
  return { method: 'POST', path: '/', query: '', headers: Object.entries(signed.headers), payloadHash: createHash('sha256').update(options.body).digest('hex') };
}
