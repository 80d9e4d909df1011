import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { LiveCredential } from '#contracts';
import type { LiveCredentialCache } from '../live-credential-cache.js';
import type { LongTermKeyCache } from './long-term-key-cache.js';
import { S3Signers } from './s3-signers.js';

const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
const REAL = token({ sub: 'owner' });
const FORGED = token({ sub: 'victim' });

const credential: LiveCredential = {
  accessKey: 'TEMPKEY0000000000000', secretKey: 'temporary-secret', sessionTokenSha256: createHash('sha256').update(REAL).digest('hex'),
  parent: 'owner', provider: 'openid', parentStatus: 'enabled', expiresAt: Date.now() + 60_000,
} as LiveCredential;
// The cache answers for the access key alone, as a warm cache does whatever token comes with it.
const cache = { find: async () => credential } as unknown as LiveCredentialCache;

describe(S3Signers.name, () => {
  it('gives nothing for a token the credential was not issued with, and never lets it shape the cached principal', async () => {
    const signers = new S3Signers(cache, {} as LongTermKeyCache);
    expect(await signers.temporary(credential.accessKey, FORGED)).toBeNull();
    const signer = await signers.temporary(credential.accessKey, REAL);
    expect(signer?.principal.identityContext['jwt:sub']).toBe('owner');
    expect(await signers.temporary(credential.accessKey, FORGED)).toBeNull();
  });
});
