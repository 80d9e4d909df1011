import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c, Crc64Nvme } from './crc.js';
import { S3Error } from './s3-error.js';

interface Running {
  update(data: Uint8Array): unknown;
  digest(): Buffer;
}

class Crc32 implements Running {
  private crc = 0;
  update(data: Uint8Array): void {
    this.crc = crc32(data, this.crc);
  }
  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.crc >>> 0);
    return out;
  }
}

const hash = (name: string) => (): Running => {
  const running: Hash = createHash(name);
  return { update: (data) => running.update(data), digest: () => running.digest() };
};

/** S3's additional checksums (PutObject, UploadPart): the header or trailer, its name, its size. */
const ALGORITHMS: Record<string, { label: string; bytes: number; start: () => Running }> = {
  'x-amz-checksum-crc32': { label: 'CRC32', bytes: 4, start: () => new Crc32() },
  'x-amz-checksum-crc32c': { label: 'CRC32C', bytes: 4, start: () => new Crc32c() },
  'x-amz-checksum-crc64nvme': { label: 'CRC64NVME', bytes: 8, start: () => new Crc64Nvme() },
  'x-amz-checksum-sha1': { label: 'SHA1', bytes: 20, start: hash('sha1') },
  'x-amz-checksum-sha256': { label: 'SHA256', bytes: 32, start: hash('sha256') },
};
export const CHECKSUM_HEADERS: readonly string[] = Object.keys(ALGORITHMS);

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A checksum of the object's bytes as they stream, checked against what the client declared (as a
 * header, or as a trailer of an aws-chunked body). A mismatch is S3's BadDigest; the caller holds
 * the last bytes back until then, so nothing is stored.
 */
export class BodyChecksum {
  private readonly running: Running;

  constructor(readonly name: string) {
    const algorithm = ALGORITHMS[name];
    if (!algorithm) throw new S3Error('InvalidRequest', `The checksum ${name} is not supported; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.`);
    this.running = algorithm.start();
  }

  update(data: Uint8Array): void {
    this.running.update(data);
  }

  /** `declared`: the base64 value the client sent. */
  verify(declared: string): void {
    checkShape(this.name, declared);
    if (this.running.digest().toString('base64') !== declared) {
      throw new S3Error('BadDigest', `The ${ALGORITHMS[this.name].label} you specified did not match the calculated checksum.`);
    }
  }
}

function checkShape(name: string, value: string): void {
  if (!BASE64.test(value) || Buffer.from(value, 'base64').length !== ALGORITHMS[name].bytes) {
    throw new S3Error('InvalidRequest', `Value for ${name} header is invalid.`);
  }
}

/** The one checksum header a request declares for its body, checked for shape; S3 allows one. */
export function declaredChecksum(header: (name: string) => string | undefined): { name: string; value: string } | undefined {
  let declared: { name: string; value: string } | undefined;
  for (const name of CHECKSUM_HEADERS) {
    const value = header(name);
    if (value === undefined) continue;
    if (declared) throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
    declared = { name, value: value.trim() };
  }
  if (declared) checkShape(declared.name, declared.value);
  return declared;
}
