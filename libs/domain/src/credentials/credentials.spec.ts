import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { CountingRandom, FixedClock, InMemoryCredentialStore, InMemoryKeyringStore, InMemoryUserStore } from '../testing/in-memory-stores.js';
import { generateAccessKey, generateSecretKey } from './access-keys.js';
import { credentialSecretContext } from './credential-record.js';
import { formatExpiration, IssueCredentials } from './issue-credentials.js';
import { LookupCredential } from './lookup-credential.js';
import { parseKmsSecretKey, SecretSealer } from '../sealing/secret-sealer.js';
import { SigningKeyring } from './signing-keyring.js';

const secureRandom = { bytes: (n: number) => randomBytes(n) };
const sealer = new SecretSealer({ name: 'test', key: Buffer.alloc(32, 7) });
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0, 500);

async function setup() {
  const store = new InMemoryCredentialStore();
  const keyring = await new SigningKeyring(new InMemoryKeyringStore(), sealer, secureRandom).load(NOW);
  const sut = new IssueCredentials(store, keyring, sealer, new FixedClock(NOW), secureRandom);
  return { store, keyring, sut };
}

const request = { requestId: 'r1', provider: 'root' as const, parent: 'admin', durationSeconds: 900 };

describe('access keys', () => {
  it('mints 20 characters of [0-9A-Z] and 40 of [A-Za-z0-9+]', () => {
    for (let i = 0; i < 200; i++) {
      expect(generateAccessKey(secureRandom)).toMatch(/^[0-9A-Z]{20}$/);
      expect(generateSecretKey(secureRandom)).toMatch(/^[A-Za-z0-9+]{40}$/);
    }
  });
});

describe(IssueCredentials.name, () => {
  it('stores the record with its expiry and returns MinIO-shaped credentials', async () => {
    const { store, sut } = await setup();
    const { credentials } = await sut.execute(request);
    const stored = store.records.get(credentials.accessKeyId)!;
    expect(credentials.expiration).toBe('2026-11-23T12:15:00Z');
    expect(stored.expiresAt).toBe(Date.UTC(2026, 10, 23, 12, 15, 0));
    expect(stored).toMatchObject({ parent: 'admin', provider: 'root', issuedAt: NOW });
  });

  it('never stores the secret or the session token in plaintext', async () => {
    const { store, sut } = await setup();
    const { credentials } = await sut.execute(request);
    const json = JSON.stringify(store.records.get(credentials.accessKeyId)!);
    expect(json).not.toContain(credentials.secretAccessKey);
    expect(json).not.toContain(credentials.sessionToken);
    expect(sealer.open(store.records.get(credentials.accessKeyId)!.secretKey, credentialSecretContext(credentials.accessKeyId))).toBe(credentials.secretAccessKey);
  });

  it('signs an HS512 session token that names its keyring key and carries the parent and expiry', async () => {
    const { sut, keyring } = await setup();
    const { credentials } = await sut.execute({ ...request, sessionPolicy: '{"Version":"2012-10-17"}', tokenRevokeType: 'ci' });
    const header = JSON.parse(Buffer.from(credentials.sessionToken.split('.')[0], 'base64url').toString());
    expect(header).toEqual({ alg: 'HS512', typ: 'JWT', kid: keyring.active().kid });
    const [h, p, signature] = credentials.sessionToken.split('.');
    expect(createHmac('sha512', keyring.active().secret).update(`${h}.${p}`).digest('base64url')).toBe(signature);
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    expect(claims).toMatchObject({ accessKey: credentials.accessKeyId, parent: 'admin', tokenRevokeType: 'ci', exp: Math.floor(NOW / 1000) + 900 });
    expect(Buffer.from(claims.sessionPolicy, 'base64').toString()).toBe('{"Version":"2012-10-17"}');
  });

  it('copies the verifier\'s extra claims into the session token, its own claims winning and a __proto__ claim staying a claim', async () => {
    const { sut } = await setup();
    const extra = JSON.parse('{"iss":"https://idp.example/","sub":"alice","parent":"planted","exp":1,"__proto__":{"polluted":true},"groups":["a","b"]}') as Record<string, unknown>;
    const { credentials } = await sut.execute({ ...request, provider: 'openid', claims: extra });
    const payload = Buffer.from(credentials.sessionToken.split('.')[1], 'base64url').toString();
    const claims = JSON.parse(payload) as Record<string, unknown>;
    expect(Object.keys(claims)).toEqual(['iss', 'sub', 'parent', 'exp', '__proto__', 'groups', 'accessKey', 'iat']);
    expect(claims).toMatchObject({ iss: 'https://idp.example/', sub: 'alice', parent: 'admin', exp: Math.floor(NOW / 1000) + 900, groups: ['a', 'b'], accessKey: credentials.accessKeyId });
    expect(Object.getOwnPropertyDescriptor(claims, '__proto__')?.value).toEqual({ polluted: true });
    expect(payload).not.toContain('planted');
  });

  it('returns nothing when the store fails', async () => {
    const { store, sut } = await setup();
    store.failWith = new Error('etcd down');
    await expect(sut.execute(request)).rejects.toThrow('etcd down');
  });

  it('retries with a fresh access key when one is already taken', async () => {
    const store = new InMemoryCredentialStore();
    const keyring = await new SigningKeyring(new InMemoryKeyringStore(), sealer, secureRandom).load(NOW);
    const repeating = { bytes: (n: number) => Buffer.alloc(n, 1) };
    const sut = new IssueCredentials(store, keyring, sealer, new FixedClock(NOW), repeating);
    await sut.execute(request);
    await expect(sut.execute(request)).rejects.toMatchObject({ code: 'InternalError' });
  });
});

describe(LookupCredential.name, () => {
  it('unseals the secret for the token it issued, and answers null for an unknown key or another token', async () => {
    const { store, sut, keyring } = await setup();
    const { credentials } = await sut.execute(request);
    const lookup = new LookupCredential(store, new InMemoryUserStore(), sealer, keyring, new FixedClock(NOW), 'admin');
    expect(await lookup.execute(credentials.accessKeyId, credentials.sessionToken)).toMatchObject({ secretKey: credentials.secretAccessKey, parent: 'admin', provider: 'root', parentStatus: 'enabled' });
    expect(await lookup.execute('AAAAAAAAAAAAAAAAAAAA', credentials.sessionToken)).toBeNull();
    expect(await lookup.execute(credentials.accessKeyId, `${credentials.sessionToken}x`)).toBeNull();
  });

  it('refuses a token whose digest matches a tampered record but whose signature is not the keyring\'s', async () => {
    const { store, sut, keyring } = await setup();
    const { credentials } = await sut.execute(request);
    const [header, payload] = credentials.sessionToken.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`;
    store.records.set(credentials.accessKeyId, { ...store.records.get(credentials.accessKeyId)!, sessionTokenSha256: createHash('sha256').update(forged).digest('hex') });
    const lookup = new LookupCredential(store, new InMemoryUserStore(), sealer, keyring, new FixedClock(NOW), 'admin');
    expect(await lookup.execute(credentials.accessKeyId, forged)).toBeNull();
  });
});

describe(`${LookupCredential.name} and parents`, () => {
  it('follows the builtin parent: disabled shows, removed or re-created under the same name ends the credential', async () => {
    const { store, sut, keyring } = await setup();
    const users = new InMemoryUserStore();
    const user = { version: 1 as const, accessKey: 'alice', secretKey: sealer.seal('x', 'y'), status: 'enabled' as const, createdAt: NOW - 1000 };
    await users.put(user);
    const { credentials } = await sut.execute({ ...request, provider: 'builtin', parent: 'alice' });
    const lookup = new LookupCredential(store, users, sealer, keyring, new FixedClock(NOW), 'admin');
    const find = () => lookup.execute(credentials.accessKeyId, credentials.sessionToken);
    await users.put({ ...user, status: 'disabled' });
    expect((await find())?.parentStatus).toBe('disabled');
    await users.put({ ...user, createdAt: NOW + 1000 });
    expect(await find()).toBeNull();
    await users.remove('alice');
    expect(await find()).toBeNull();
  });

  it('ends a builtin user\'s credential issued before its secret was replaced', async () => {
    const { store, sut, keyring } = await setup();
    const users = new InMemoryUserStore();
    const user = { version: 1 as const, accessKey: 'boss', secretKey: sealer.seal('x', 'y'), status: 'enabled' as const, createdAt: NOW - 1000 };
    await users.put(user);
    const { credentials } = await sut.execute({ ...request, provider: 'builtin', parent: 'boss' });
    const lookup = new LookupCredential(store, users, sealer, keyring, new FixedClock(NOW), 'admin');
    expect(await lookup.execute(credentials.accessKeyId, credentials.sessionToken)).not.toBeNull();
    await users.put({ ...user, secretChangedAt: NOW + 1 });
    expect(await lookup.execute(credentials.accessKeyId, credentials.sessionToken)).toBeNull();
  });

  // Issue 11 case 3: a one-year root credential outlived a change of MINIO_ROOT_USER.
  it('ends a root-derived credential once its parent is no longer the root user', async () => {
    const { store, sut, keyring } = await setup();
    const { credentials } = await sut.execute(request);
    const lookup = (root: string) => new LookupCredential(store, new InMemoryUserStore(), sealer, keyring, new FixedClock(NOW), root);
    expect(await lookup('admin').execute(credentials.accessKeyId, credentials.sessionToken)).not.toBeNull();
    expect(await lookup('new-root').execute(credentials.accessKeyId, credentials.sessionToken)).toBeNull();
  });
});

describe(SigningKeyring.name, () => {
  it('creates one active key on first load and reuses it afterwards', async () => {
    const store = new InMemoryKeyringStore();
    const first = await new SigningKeyring(store, sealer, new CountingRandom()).load(NOW);
    const second = await new SigningKeyring(store, sealer, new CountingRandom()).load(NOW);
    expect(store.keys).toHaveLength(1);
    expect(second.active().kid).toBe(first.active().kid);
    expect(JSON.stringify(store.keys)).not.toContain(first.active().secret.toString('base64'));
  });
});

describe(SecretSealer.name, () => {
  it('refuses a ciphertext moved to another context or tampered with', () => {
    const sealed = sealer.seal('s3cr3t', 'a');
    expect(sealer.open(sealed, 'a')).toBe('s3cr3t');
    expect(() => sealer.open(sealed, 'b')).toThrow();
    expect(() => sealer.open({ ...sealed, ct: Buffer.from('x').toString('base64') }, 'a')).toThrow();
  });

  it('parses MINIO_KMS_SECRET_KEY and rejects a wrong length', () => {
    expect(parseKmsSecretKey(`k1:${Buffer.alloc(32).toString('base64')}`).name).toBe('k1');
    expect(() => parseKmsSecretKey(`k1:${Buffer.alloc(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseKmsSecretKey('nocolon')).toThrow();
  });
});

describe('formatExpiration', () => {
  it('writes RFC 3339 UTC without fractional seconds', () => {
    expect(formatExpiration(Date.UTC(2020, 7, 5, 14, 17, 30))).toBe('2020-08-05T14:17:30Z');
  });

  it('formats each expiry afresh when they alternate (the last one is remembered)', () => {
    const [a, b] = [Date.UTC(2026, 0, 1, 0, 0, 1), Date.UTC(2026, 0, 1, 0, 0, 2)];
    expect([a, a, b, a, b, b].map(formatExpiration)).toEqual(['2026-01-01T00:00:01Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:02Z']);
  });
});
