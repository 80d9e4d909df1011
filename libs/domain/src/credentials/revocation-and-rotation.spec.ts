import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { FixedClock, InMemoryCredentialStore, InMemoryKeyringStore, InMemoryUserStore } from '../testing/in-memory-stores.js';
import type { CredentialRecord } from './credential-record.js';
import { IssueCredentials } from './issue-credentials.js';
import { KeyringAdmin } from './keyring-admin.js';
import { LookupCredential } from './lookup-credential.js';
import { RevokeCredentials } from './revoke-credentials.js';
import { SecretSealer } from '../sealing/secret-sealer.js';
import { SigningKeyring } from './signing-keyring.js';

const random = { bytes: (n: number) => randomBytes(n) };
const sealer = new SecretSealer({ name: 't', key: Buffer.alloc(32, 9) });
const NOW = Date.UTC(2026, 10, 23, 12);

async function setup() {
  const clock = new FixedClock(NOW);
  const store = new InMemoryCredentialStore();
  const keys = new InMemoryKeyringStore();
  const keyring = await new SigningKeyring(keys, sealer, random).load(NOW);
  const issue = new IssueCredentials(store, keyring, sealer, clock, random);
  const tokens = new Map<string, string>();
  const mint = async (parent: string, provider: CredentialRecord['provider'] = 'builtin', tokenRevokeType?: string, durationSeconds = 900) => {
    const { credentials } = await issue.execute({ requestId: 'r', provider, parent, durationSeconds, tokenRevokeType });
    tokens.set(credentials.accessKeyId, credentials.sessionToken);
    return credentials.accessKeyId;
  };
  return { tokens, clock, store, keys, keyring, mint, admin: new KeyringAdmin(keyring, store, clock), revoke: new RevokeCredentials(store, clock) };
}

describe(RevokeCredentials.name, () => {
  it('revokes one access key, a parent\'s keys of one revoke type, a provider\'s keys, or everything', async () => {
    const { store, mint, revoke } = await setup();
    const [a1, a2, b1, r1] = [await mint('alice', 'builtin', 'ci'), await mint('alice', 'builtin', 'web'), await mint('bob'), await mint('root', 'root')];
    expect(await revoke.execute({ accessKey: b1 })).toEqual([b1]);
    expect(await revoke.execute({ user: 'alice', tokenRevokeType: 'ci' })).toEqual([a1]);
    expect(await revoke.execute({ provider: 'root' })).toEqual([r1]);
    expect([...store.records.keys()]).toEqual([a2]);
    expect(await revoke.execute({ all: true })).toEqual([a2]);
    expect(store.records.size).toBe(0);
  });

  it('answers NotFound for an access key that is not live', async () => {
    await expect((await setup()).revoke.execute({ accessKey: 'NOPE0000000000000000' })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('discards a credential only for its session token: the one who was handed it', async () => {
    const { store, mint, revoke, tokens } = await setup();
    const [mine, other] = [await mint('alice'), await mint('bob')];
    expect(await revoke.discard(mine, tokens.get(other)!)).toBe(false);
    expect(await revoke.discard(mine, 'not-a-token')).toBe(false);
    expect(store.records.has(mine)).toBe(true);
    expect(await revoke.discard(mine, tokens.get(mine)!)).toBe(true);
    expect([...store.records.keys()]).toEqual([other]);
    expect(await revoke.discard(mine, tokens.get(mine)!)).toBe(false);
  });
});

describe(KeyringAdmin.name, () => {
  it('signs with the new key after a rotation and keeps the old one until its last credential expires', async () => {
    const { clock, keyring, mint, admin, store, tokens } = await setup();
    const oldKid = keyring.active().kid;
    const early = await mint('root', 'root', undefined, 900);
    const view = await admin.rotate();
    expect(view.active).not.toBe(oldKid);
    expect(view.keys.find((k) => k.kid === oldKid)).toMatchObject({ state: 'verify-only', retireAt: '2026-11-23T12:15:00Z' });
    const later = await mint('root', 'root');
    expect(store.records.get(later)!.kid).toBe(view.active);
    expect(store.records.get(early)!.kid).toBe(oldKid);

    const lookup = new LookupCredential(store, new InMemoryUserStore(), sealer, keyring, clock, 'root');
    expect(await lookup.execute(early, tokens.get(early)!)).not.toBeNull();

    clock.time += 901_000;
    expect(await admin.prune()).toEqual([oldKid]);
    expect((await admin.view()).keys.map((k) => k.kid)).toEqual([view.active]);
    expect(await lookup.execute(later, tokens.get(later)!)).not.toBeNull();
    expect(await keyring.signed(tokens.get(early)!, clock.time)).toBe(false);
  });
});
