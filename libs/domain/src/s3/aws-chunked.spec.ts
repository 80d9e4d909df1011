import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { credentialScope, deriveSigningKey } from '../sigv4/index.js';
import { AwsChunkedDecoder, type ChunkSigning } from './aws-chunked.js';
import { Crc32c, Crc64Nvme } from './crc.js';

const EMPTY = createHash('sha256').digest('hex');
const signingKey = deriveSigningKey('secret-key-123', '20261201', 'us-east-1', 's3');
const scope = credentialScope('20261201', 'us-east-1', 's3');
const signing: ChunkSigning = { signingKey, amzDate: '20261201T120000Z', scope, seedSignature: 'a'.repeat(64) };

const hmac = (lines: string[]) => createHmac('sha256', signingKey).update(lines.join('\n')).digest('hex');

/**
 * A body encoded as minio-go encodes it: each chunk signed over the previous signature. With a
 * `trailer` (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER), the trailer follows the final chunk,
 * signed over its signature; `trailerSignature` replaces the right one.
 */
function signedBody(chunks: Buffer[], trailer?: string, trailerSignature?: string): Buffer {
  let previous = signing.seedSignature;
  const parts: Buffer[] = [];
  for (const data of [...chunks, Buffer.alloc(0)]) {
    previous = hmac(['AWS4-HMAC-SHA256-PAYLOAD', signing.amzDate, scope, previous, EMPTY, createHash('sha256').update(data).digest('hex')]);
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${previous}`), Buffer.from('\r\n'), data);
    if (data.length > 0 || !trailer) parts.push(Buffer.from('\r\n'));
  }
  if (trailer) {
    const signature = trailerSignature ?? hmac(['AWS4-HMAC-SHA256-TRAILER', signing.amzDate, scope, previous, createHash('sha256').update(`${trailer}\n`).digest('hex')]);
    parts.push(Buffer.from(`${trailer}\r\nx-amz-trailer-signature:${signature}\r\n\r\n`));
  }
  return Buffer.concat(parts);
}

function trailerBody(chunks: Buffer[], checksum?: string): Buffer {
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat(chunks)) >>> 0);
  const parts = chunks.map((c) => Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]));
  return Buffer.concat([...parts, Buffer.from(`0\r\nx-amz-checksum-crc32:${checksum ?? crc.toString('base64')}\r\n\r\n`)]);
}

/** Feeds the body in pieces of `step` bytes, as a socket would deliver it. */
function decode(decoder: AwsChunkedDecoder, body: Buffer, step: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < body.length; i += step) out.push(...decoder.write(body.subarray(i, i + step)));
  decoder.end();
  return Buffer.concat(out);
}

const chunks = [Buffer.alloc(65536, 'a'), Buffer.alloc(1000, 'b')];
const whole = Buffer.concat(chunks);

describe(AwsChunkedDecoder.name, () => {
  it.each([1, 7, 4096, 1 << 20])('decodes a signed body fed %i bytes at a time', (step) => {
    const decoder = new AwsChunkedDecoder({ signing, decodedLength: whole.length });
    expect(decode(decoder, signedBody(chunks), step).equals(whole)).toBe(true);
  });

  it('releases no byte of a chunk whose signature is wrong', () => {
    const body = signedBody(chunks);
    const tampered = Buffer.from(body);
    tampered[body.indexOf('\r\n') + 10] ^= 1; // a data byte of the first chunk
    const decoder = new AwsChunkedDecoder({ signing, decodedLength: whole.length });
    const released: Buffer[] = [];
    expect(() => released.push(...decoder.write(tampered))).toThrow(expect.objectContaining({ code: 'SignatureDoesNotMatch' }));
    expect(released).toEqual([]);
  });

  it('refuses chunks signed from another seed (a replayed body)', () => {
    const decoder = new AwsChunkedDecoder({ signing: { ...signing, seedSignature: 'b'.repeat(64) } });
    expect(() => decoder.write(signedBody(chunks))).toThrow(expect.objectContaining({ code: 'SignatureDoesNotMatch' }));
  });

  it('refuses a body cut before its final chunk, and a wrong decoded length', () => {
    const body = signedBody(chunks);
    const cut = new AwsChunkedDecoder({ signing });
    cut.write(body.subarray(0, body.length - 90));
    expect(() => cut.end()).toThrow(expect.objectContaining({ code: 'IncompleteBody' }));
    expect(() => decode(new AwsChunkedDecoder({ signing, decodedLength: 5 }), body, 999)).toThrow(expect.objectContaining({ code: 'IncompleteBody' }));
  });

  it.each([
    ['a size that is not hex', 'zz;chunk-signature=' + 'a'.repeat(64) + '\r\n'],
    ['a chunk over 16 MiB', '1000001;chunk-signature=' + 'a'.repeat(64) + '\r\n'],
    ['an endless header line', 'f'.repeat(5000)],
  ])('refuses %s', (_, text) => {
    expect(() => new AwsChunkedDecoder({ signing }).write(Buffer.from(text))).toThrow(expect.objectContaining({ code: expect.stringMatching(/IncompleteBody|SignatureDoesNotMatch/) }));
  });

  it('decodes the unsigned trailer form @aws-sdk/client-s3 sends for streams, checking the CRC32', () => {
    const decoder = new AwsChunkedDecoder({ trailer: 'x-amz-checksum-crc32', decodedLength: whole.length });
    expect(decode(decoder, trailerBody(chunks), 333).equals(whole)).toBe(true);
  });

  it('refuses a trailer checksum that does not match', () => {
    const decoder = new AwsChunkedDecoder({ trailer: 'x-amz-checksum-crc32' });
    expect(() => decode(decoder, trailerBody(chunks, 'AAAAAA=='), 4096)).toThrow(expect.objectContaining({ code: 'BadDigest' }));
  });

  it('refuses a trailer it does not know', () => {
    expect(() => new AwsChunkedDecoder({ trailer: 'x-amz-checksum-md5' })).toThrow(expect.objectContaining({ code: 'InvalidRequest' }));
  });

  describe('signed trailers (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER)', () => {
    const crc32c = `x-amz-checksum-crc32c:${new Crc32c().update(whole).digest().toString('base64')}`;
    const crc64 = `x-amz-checksum-crc64nvme:${new Crc64Nvme().update(whole).digest().toString('base64')}`;

    it.each([[crc32c, 'x-amz-checksum-crc32c'], [crc64, 'x-amz-checksum-crc64nvme']])('decodes signed chunks and the signed trailer %s', (line, trailer) => {
      const decoder = new AwsChunkedDecoder({ signing, trailer, decodedLength: whole.length });
      expect(decode(decoder, signedBody(chunks, line), 1000).equals(whole)).toBe(true);
    });

    it('refuses a trailer whose signature is wrong, or missing', () => {
      const wrong = new AwsChunkedDecoder({ signing, trailer: 'x-amz-checksum-crc32c' });
      expect(() => decode(wrong, signedBody(chunks, crc32c, 'c'.repeat(64)), 4096)).toThrow(expect.objectContaining({ code: 'SignatureDoesNotMatch' }));
      const missing = new AwsChunkedDecoder({ signing, trailer: 'x-amz-checksum-crc32c' });
      const body = signedBody(chunks, crc32c).toString('latin1').replace(/x-amz-trailer-signature:[0-9a-f]+\r\n/, '');
      expect(() => decode(missing, Buffer.from(body, 'latin1'), 4096)).toThrow(expect.objectContaining({ code: 'SignatureDoesNotMatch' }));
    });

    it('refuses a signed trailer whose value was changed in transit (the signature covers it)', () => {
      const decoder = new AwsChunkedDecoder({ signing, trailer: 'x-amz-checksum-crc32c' });
      const body = signedBody(chunks, crc32c).toString('latin1').replace(crc32c, 'x-amz-checksum-crc32c:AAAAAA==');
      expect(() => decode(decoder, Buffer.from(body, 'latin1'), 4096)).toThrow(expect.objectContaining({ code: 'SignatureDoesNotMatch' }));
    });

    it('refuses a correctly signed checksum that does not match the data', () => {
      const decoder = new AwsChunkedDecoder({ signing, trailer: 'x-amz-checksum-crc64nvme' });
      expect(() => decode(decoder, signedBody(chunks, 'x-amz-checksum-crc64nvme:AAAAAAAAAAA='), 4096)).toThrow(expect.objectContaining({ code: 'BadDigest' }));
    });
  });
});
