import type { CredentialRecord, SealedSecret } from '#domain';

/** First byte of a compact record; a JSON record (the first format) starts with `{`. */
const COMPACT = 0x02;
const JSON_START = 0x7b;

/** Whether a stored credential value is in the first format (plain JSON), as records written before the compact one are. */
export const isJsonCredentialRecord = (value: Buffer): boolean => value[0] === JSON_START;
const SHA256_BYTES = 32;

/** The fields that are neither binary nor the access key (which is the etcd key's last part). */
interface CompactFields {
  p: string;
  v: CredentialRecord['provider'];
  k: string;
  i: number;
  e: number;
  r?: string;
  s?: string;
  t?: string;
  P?: string[];
  g?: string[];
}

/**
 * A credential record as etcd stores it. Written now: the byte 0x02; the sealing key's name, the
 * AES-GCM IV, tag and ciphertext of the secret and the session token's SHA-256, each as raw bytes
 * behind a 2-byte length; then the other fields as JSON with one-letter names. About 220 B for an
 * AssumeRole record instead of 431 B of JSON with three base64 fields, so less for etcd to write
 * to its WAL and bbolt (the sealer still hands out base64 fields: they are decoded here). The first format (plain JSON, version 1) is
 * still read: records written before an upgrade live until they expire. Hand-written because the
 * header is five length-prefixed byte strings; a serialization library would add a dependency for that.
 */
export function encodeCredentialRecord(record: CredentialRecord): Buffer {
  const { secretKey: sealed } = record;
  const fields: CompactFields = { p: record.parent, v: record.provider, k: record.kid, i: record.issuedAt, e: record.expiresAt };
  if (record.roleSessionName !== undefined) fields.r = record.roleSessionName;
  if (record.sessionPolicy !== undefined) fields.s = record.sessionPolicy;
  if (record.tokenRevokeType !== undefined) fields.t = record.tokenRevokeType;
  if (record.policies !== undefined) fields.P = record.policies;
  if (record.groups !== undefined) fields.g = record.groups;
  const digest = Buffer.from(record.sessionTokenSha256, 'hex');
  if (digest.length !== SHA256_BYTES) throw new Error('a credential record needs the SHA-256 of its session token, in hex');
  const parts = [Buffer.from(sealed.kms), Buffer.from(sealed.iv, 'base64'), Buffer.from(sealed.tag, 'base64'), Buffer.from(sealed.ct, 'base64'), digest];
  const tail = Buffer.from(JSON.stringify(fields));
  const out = Buffer.allocUnsafe(1 + parts.reduce((n, part) => n + 2 + part.length, 0) + tail.length);
  let at = out.writeUInt8(COMPACT, 0);
  for (const part of parts) {
    at = out.writeUInt16BE(part.length, at);
    at += part.copy(out, at);
  }
  tail.copy(out, at);
  return out;
}

/** Reads either format; throws on anything else (a damaged value is a storage error, never a credential). */
export function decodeCredentialRecord(accessKey: string, value: Buffer): CredentialRecord {
  if (isJsonCredentialRecord(value)) return JSON.parse(value.toString('utf8')) as CredentialRecord;
  if (value[0] !== COMPACT) throw new Error(`credential record of ${accessKey}: unknown format`);
  const reader = { at: 1 };
  const [kms, iv, tag, ct, digest] = [0, 1, 2, 3, 4].map(() => readPart(value, reader, accessKey));
  const fields = JSON.parse(value.toString('utf8', reader.at)) as CompactFields;
  const secretKey: SealedSecret = { kms: kms.toString('utf8'), iv: iv.toString('base64'), ct: ct.toString('base64'), tag: tag.toString('base64') };
  const record: CredentialRecord = {
    version: 1, accessKey, secretKey, sessionTokenSha256: digest.toString('hex'),
    parent: fields.p, provider: fields.v, kid: fields.k, issuedAt: fields.i, expiresAt: fields.e,
  };
  if (fields.r !== undefined) record.roleSessionName = fields.r;
  if (fields.s !== undefined) record.sessionPolicy = fields.s;
  if (fields.t !== undefined) record.tokenRevokeType = fields.t;
  if (fields.P !== undefined) record.policies = fields.P;
  if (fields.g !== undefined) record.groups = fields.g;
  return record;
}

function readPart(value: Buffer, reader: { at: number }, accessKey: string): Buffer {
  if (reader.at + 2 > value.length) throw new Error(`credential record of ${accessKey}: truncated`);
  const length = value.readUInt16BE(reader.at);
  const start = reader.at + 2;
  if (start + length > value.length) throw new Error(`credential record of ${accessKey}: truncated`);
  reader.at = start + length;
  return value.subarray(start, reader.at);
}
