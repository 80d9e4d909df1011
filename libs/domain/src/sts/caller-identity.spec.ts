import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { LiveCredential } from '#contracts';
import { FixedClock } from '../testing/in-memory-stores.js';
import { signWithSdk } from '../testing/sdk-signer.js';
import { authenticateTemporaryCredential, describeCaller } from './caller-identity.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const TOKEN = 'session.token.value';
const credential: LiveCredential = {
  accessKey: 'ABCDEFGHIJ0123456789', secretKey: 'temporary-secret-key-0123456789abcdefghij',
  sessionTokenSha256: createHash('sha256').update(TOKEN).digest('hex'), parent: 'rootuser', provider: 'root',
  roleSessionName: 'build-42', expiresAt: NOW.getTime() + 900_000, parentStatus: 'enabled',
};
const source = { find: async (accessKey: string, _token: string) => (accessKey === credential.accessKey ? credential : null) };
const sign = (overrides: Partial<Parameters<typeof signWithSdk>[0]> = {}) => signWithSdk({
  accessKey: credential.accessKey, secretKey: credential.secretKey, sessionToken: TOKEN,
  body: 'Action=GetCallerIdentity&Version=2011-06-15', signedAt: NOW, ...overrides,
});
const at = (time: number) => new FixedClock(time);

describe(authenticateTemporaryCredential.name, () => {
  it('accepts a request signed with the temporary secret and its session token', async () => {
    await expect(authenticateTemporaryCredential(await sign(), source, at(NOW.getTime()), undefined)).resolves.toBe(credential);
  });

  it.each([
    ['an unknown access key', () => sign({ accessKey: 'ZZZZZZZZZZZZZZZZZZZZ' }), NOW.getTime(), 'InvalidClientTokenId'],
    ['a different session token', () => sign({ sessionToken: 'other' }), NOW.getTime(), 'InvalidClientTokenId'],
    ['no session token', () => sign({ sessionToken: undefined }), NOW.getTime(), 'InvalidClientTokenId'],
    ['an expired credential', () => sign({ signedAt: new Date(credential.expiresAt) }), credential.expiresAt, 'ExpiredToken'],
    ['a wrong secret', () => sign({ secretKey: 'wrong-secret' }), NOW.getTime(), 'SignatureDoesNotMatch'],
  ])('refuses %s', async (_name, signed, now, code) => {
    await expect(authenticateTemporaryCredential(await signed(), source, at(now), undefined)).rejects.toMatchObject({ code });
  });

  it('refuses the credential of a disabled parent even when everything else is right', async () => {
    const disabled = { find: async () => ({ ...credential, parentStatus: 'disabled' as const }) };
    await expect(authenticateTemporaryCredential(await sign(), disabled, at(NOW.getTime()), undefined)).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('describes the caller in AWS shape', () => {
    expect(describeCaller(credential)).toEqual({
      arn: 'arn:aws:sts::000000000000:assumed-role/rootuser/build-42', userId: 'rootuser:build-42', account: '000000000000',
    });
  });
});
