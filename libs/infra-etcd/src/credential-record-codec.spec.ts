import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { credentialSecretContext, SecretSealer, type CredentialRecord } from '#domain';
import { decodeCredentialRecord, encodeCredentialRecord } from './credential-record-codec.js';

const sealer = new SecretSealer({ name: 'test-key', key: randomBytes(32) });
const SECRET = 'wJalrXUtnFEMI+K7MDENG+bPxRfiCYEXAMPLEKEY';

function record(accessKey: string, extra: Partial<CredentialRecord> = {}): CredentialRecord {
  return {
    version: 1, accessKey, secretKey: sealer.seal(SECRET, credentialSecretContext(accessKey)),
    sessionTokenSha256: randomBytes(32).toString('hex'), parent: 'alice', provider: 'builtin', kid: 'k1',
    issuedAt: 1_764_680_000_123, expiresAt: 1_764_683_600_000, ...extra,
  };
}

describe('credential record codec', () => {
  it('gives back the record it stored, its sealed secret still opening under its key only', () => {
    const stored = record('AKIAEXAMPLE000000001', { roleSessionName: 'ci', tokenRevokeType: 'deploy' });
    const read = decodeCredentialRecord(stored.accessKey, encodeCredentialRecord(stored));
    expect(read).toEqual(stored);
    expect(sealer.open(read.secretKey, credentialSecretContext(read.accessKey))).toBe(SECRET);
    expect(() => sealer.open(read.secretKey, credentialSecretContext('AKIAEXAMPLE000000002'))).toThrow();
  });

  it('keeps every optional field, and leaves absent ones absent', () => {
    const full = record('AKIAEXAMPLE000000003', {
      provider: 'ldap', roleSessionName: 's', sessionPolicy: '{"Version":"2012-10-17","Statement":[]}', tokenRevokeType: 't',
      policies: ['readwrite', 'diagnostics'], groups: ['cn=ops,dc=example,dc=org'],
    });
    expect(decodeCredentialRecord(full.accessKey, encodeCredentialRecord(full))).toEqual(full);
    const bare = decodeCredentialRecord('AKIAEXAMPLE000000004', encodeCredentialRecord(record('AKIAEXAMPLE000000004')));
    expect(Object.keys(bare).sort()).toEqual(['accessKey', 'expiresAt', 'issuedAt', 'kid', 'parent', 'provider', 'secretKey', 'sessionTokenSha256', 'version']);
  });

  it('stores neither the secret nor base64 of it, in at most half the bytes of the JSON record', () => {
    const stored = record('AKIAEXAMPLE000000005', { roleSessionName: 'bench-session' });
    const value = encodeCredentialRecord(stored);
    expect(value.includes(SECRET)).toBe(false);
    expect(value.includes(stored.secretKey.ct)).toBe(false);
    expect(value.length * 2).toBeLessThanOrEqual(Buffer.byteLength(JSON.stringify(stored)));
  });

  it('still reads a record written as JSON before the compact format', () => {
    const old = record('AKIAEXAMPLE000000006', { policies: ['readonly'] });
    expect(decodeCredentialRecord(old.accessKey, Buffer.from(JSON.stringify(old)))).toEqual(old);
  });

  it('refuses a damaged or unknown value instead of making up a record', () => {
    const value = encodeCredentialRecord(record('AKIAEXAMPLE000000007'));
    expect(() => decodeCredentialRecord('AKIAEXAMPLE000000007', value.subarray(0, 20))).toThrow(/truncated/);
    expect(() => decodeCredentialRecord('AKIAEXAMPLE000000007', Buffer.from([0x09, 1, 2]))).toThrow(/unknown format/);
    expect(() => decodeCredentialRecord('AKIAEXAMPLE000000007', Buffer.alloc(0))).toThrow(/unknown format/);
  });

  it('lays a record out as the format says: 0x02, five length-prefixed raw parts, then the JSON fields', () => {
    const stored = record('AKIAEXAMPLE000000009', { roleSessionName: 'ci', policies: ['readonly'] });
    const { kms, iv, tag, ct } = stored.secretKey;
    const part = (bytes: Buffer) => Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
    const expected = Buffer.concat([
      Buffer.from([0x02]),
      ...[Buffer.from(kms), Buffer.from(iv, 'base64'), Buffer.from(tag, 'base64'), Buffer.from(ct, 'base64'), Buffer.from(stored.sessionTokenSha256, 'hex')].map(part),
      Buffer.from(JSON.stringify({ p: 'alice', v: 'builtin', k: 'k1', i: stored.issuedAt, e: stored.expiresAt, r: 'ci', P: ['readonly'] })),
    ]);
    expect(encodeCredentialRecord(stored).equals(expected)).toBe(true);
  });

  it('refuses to store a record without a SHA-256 token digest', () => {
    expect(() => encodeCredentialRecord(record('AKIAEXAMPLE000000008', { sessionTokenSha256: 'abc' }))).toThrow(/SHA-256/);
  });
});
