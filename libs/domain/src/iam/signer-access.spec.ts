import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { IssueCredentials } from '../credentials/issue-credentials.js';
import { LookupCredential } from '../credentials/lookup-credential.js';
import { SigningKeyring } from '../credentials/signing-keyring.js';
import { LongTermIdentities } from '../identity/long-term-identities.js';
import { serviceAccountSecretContext } from '../identity/service-accounts.js';
import { userSecretContext } from '../identity/users.js';
import { SecretSealer } from '../sealing/secret-sealer.js';
import {
  FixedClock, InMemoryCredentialStore, InMemoryGroupStore, InMemoryKeyringStore, InMemoryPolicyMappingStore, InMemoryPolicyStore,
  InMemoryServiceAccountStore, InMemoryUserStore,
} from '../testing/in-memory-stores.js';
import { EffectivePolicies } from './effective-policies.js';
import { PolicyCatalog } from './policy-catalog.js';
import { SignerAccess } from './signer-access.js';

const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);
const random = { bytes: (n: number) => randomBytes(n) };
const sealer = new SecretSealer({ name: 'test', key: Buffer.alloc(32, 5) });
const ROOT = { accessKey: 'root', secretKey: 'root-secret' };
const readOn = (bucket: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] }] });

/** Counts every read of the groups: the listing a lookup should not make for a forged token or the root user. */
class CountingGroupStore extends InMemoryGroupStore {
  lists = 0;
  override async list() {
    this.lists++;
    return super.list();
  }
}

/**
 * Holds every read of the stores it wraps until the test releases them, all at once: how many
 * releases an answer took is how many rounds of reads it waited for (one etcd call each, batched).
 */
function heldReads() {
  const held: Array<() => void> = [];
  const hold = <S extends object>(store: S, method: keyof S) => {
    const read = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
    (store[method] as unknown) = (...args: unknown[]) => new Promise((resolve, reject) => held.push(() => read(...args).then(resolve, reject)));
  };
  const roundsOf = async (answer: Promise<unknown>): Promise<number> => {
    let settled = false;
    void answer.finally(() => (settled = true));
    let rounds = 0;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return rounds;
      if (held.length === 0) throw new Error('the answer waits for something other than a read');
      rounds++;
      held.splice(0).forEach((release) => release());
    }
  };
  return { hold, roundsOf };
}

async function setup() {
  const users = new InMemoryUserStore();
  const groups = new CountingGroupStore();
  const policies = new InMemoryPolicyStore();
  const mappings = new InMemoryPolicyMappingStore();
  const credentials = new InMemoryCredentialStore();
  const accounts = new InMemoryServiceAccountStore();
  const clock = new FixedClock(NOW);
  const keyring = await new SigningKeyring(new InMemoryKeyringStore(), sealer, random).load(NOW);
  const lookup = new LookupCredential(credentials, users, sealer, keyring, clock, ROOT.accessKey);
  const identities = new LongTermIdentities(ROOT, users, sealer, accounts, clock);
  const access = new SignerAccess(lookup, identities, credentials, new EffectivePolicies(users, groups, mappings, new PolicyCatalog(policies)), ROOT.accessKey);
  const addUser = (accessKey: string, status: 'enabled' | 'disabled' = 'enabled') =>
    users.put({ version: 1, accessKey, secretKey: sealer.seal(`${accessKey}-secret`, userSecretContext(accessKey)), status, createdAt: NOW - 1000 });
  const addPolicy = (name: string, bucket: string) => policies.put({ version: 1, name, policy: readOn(bucket), updatedAt: NOW });
  const assumed = async (parent: string, provider: 'builtin' | 'openid' = 'builtin', policies?: string[]) =>
    (await new IssueCredentials(credentials, keyring, sealer, clock, random).execute({ requestId: 'r', provider, parent, durationSeconds: 900, ...(policies ? { policies } : {}) })).credentials;
  return { users, groups, policies, mappings, accounts, credentials, access, addUser, addPolicy, assumed };
}

describe(SignerAccess.name, () => {
  it("answers a builtin user's key with its own policies, then its enabled groups', without repeats", async () => {
    const { groups, mappings, access, addUser, addPolicy } = await setup();
    await addUser('alice');
    await addPolicy('own', 'a');
    await addPolicy('team', 'b');
    await mappings.set('users', 'alice', ['own']);
    await groups.put({ version: 1, name: 'team', members: ['alice'], updatedAt: NOW });
    await groups.put({ version: 1, name: 'off', members: ['alice'], updatedAt: NOW, status: 'disabled' });
    await mappings.set('groups', 'team', ['team', 'own', 'readonly']);
    await mappings.set('groups', 'off', ['writeonly']);
    const { key } = await access.longTerm('alice');
    expect(key).toMatchObject({ accessKey: 'alice', secretKey: 'alice-secret', parent: 'alice', provider: 'builtin', enabled: true });
    expect(key?.access).toMatchObject({ owner: false, policyNames: ['own', 'team', 'readonly'], groups: ['team', 'off'] });
    expect(key?.access.policies.map((p) => (JSON.parse(p) as { Statement: unknown[] }).Statement.length)).toEqual([1, 1, 1]);
  });

  it("answers a service account's key with its parent's access, and the root user's without reading any group", async () => {
    const { groups, mappings, accounts, access, addUser, addPolicy } = await setup();
    await addUser('alice');
    await addPolicy('own', 'a');
    await mappings.set('users', 'alice', ['own']);
    await mappings.set('users', 'svc', ['consoleAdmin']);
    await accounts.put({ version: 1, accessKey: 'svc', secretKey: sealer.seal('svc-secret', serviceAccountSecretContext('svc')), parent: 'alice', status: 'on', createdAt: NOW, updatedAt: NOW });
    const service = await access.longTerm('svc');
    expect(service.key).toMatchObject({ parent: 'alice', access: { policyNames: ['own'] } });
    const listsBefore = groups.lists;
    expect((await access.longTerm('root')).key).toMatchObject({ provider: 'root', access: { owner: true, policyNames: [] } });
    expect(groups.lists).toBe(listsBefore);
  });

  it('answers a lookup made right after a narrowing change with the narrowed access', async () => {
    const { users, groups, mappings, access, addUser, addPolicy, assumed } = await setup();
    await addUser('bob');
    await addPolicy('mine', 'a');
    await addPolicy('shared', 'b');
    await mappings.set('users', 'bob', ['mine']);
    await groups.put({ version: 1, name: 'team', members: ['bob'], updatedAt: NOW });
    await mappings.set('groups', 'team', ['shared']);
    const temporary = await assumed('bob');
    const both = async () => [(await access.longTerm('bob')).key, await access.temporary(temporary.accessKeyId, temporary.sessionToken)];
    for (const signer of await both()) expect(signer?.access?.policyNames).toEqual(['mine', 'shared']);

    await groups.put({ version: 1, name: 'team', members: [], updatedAt: NOW });
    for (const signer of await both()) expect(signer?.access?.policyNames).toEqual(['mine']);
    await addPolicy('mine', 'elsewhere');
    for (const signer of await both()) expect(signer?.access?.policies).toEqual([readOn('elsewhere')]);
    await mappings.set('users', 'bob', []);
    for (const signer of await both()) expect(signer?.access?.policyNames).toEqual([]);
    await users.put({ ...(await users.get('bob'))!, status: 'disabled' });
    const [key, credential] = await both();
    expect(key).toMatchObject({ enabled: false });
    expect(credential).toMatchObject({ parentStatus: 'disabled' });
  });

  it("reads nothing of the parent's access for a token the credential was not issued with", async () => {
    const { groups, access, addUser, assumed } = await setup();
    await addUser('carol');
    const temporary = await assumed('carol');
    const other = await assumed('carol');
    expect(await access.temporary(temporary.accessKeyId, other.sessionToken)).toBeNull();
    expect(groups.lists).toBe(0);
    expect(await access.temporary(temporary.accessKeyId, temporary.sessionToken)).toMatchObject({ parent: 'carol', parentStatus: 'enabled' });
  });

  it('reports a store failure while reading a user\'s access as that failure', async () => {
    const { groups, access, addUser } = await setup();
    await addUser('dave');
    groups.list = () => Promise.reject(new Error('etcd down'));
    await expect(access.longTerm('dave')).rejects.toThrow('etcd down');
  });

  it("refuses a removed user's key, and says whether an unknown key is a temporary credential's, in one round of reads", async () => {
    const { users, accounts, credentials, access, addUser, assumed } = await setup();
    await addUser('erin');
    const temporary = await assumed('erin');
    const reads = heldReads();
    for (const store of [users, accounts, credentials] as const) reads.hold(store, 'get');
    const removed = access.longTerm('erin-gone');
    expect(await reads.roundsOf(removed)).toBe(1);
    expect(await removed).toEqual({ key: null, temporary: false });
    const minted = access.longTerm(temporary.accessKeyId);
    expect(await reads.roundsOf(minted)).toBe(1);
    expect(await minted).toEqual({ key: null, temporary: true });
  });

  it("answers a builtin user's temporary credential in two rounds of reads: its parent's access is read alongside the record", async () => {
    const { users, groups, policies, mappings, credentials, access, addUser, addPolicy, assumed } = await setup();
    await addUser('fay');
    await addPolicy('own', 'a');
    await mappings.set('users', 'fay', ['own']);
    const temporary = await assumed('fay');
    const reads = heldReads();
    reads.hold(credentials, 'get');
    reads.hold(users, 'get');
    reads.hold(groups, 'list');
    reads.hold(mappings, 'get');
    reads.hold(policies, 'get');
    const answer = access.temporary(temporary.accessKeyId, temporary.sessionToken);
    expect(await reads.roundsOf(answer)).toBe(2);
    expect(await answer).toMatchObject({ parent: 'fay', parentStatus: 'enabled', access: { policyNames: ['own'] } });
  });

  it("gives a federated credential its own access, even when a builtin user has its parent's name", async () => {
    const { mappings, access, addUser, addPolicy, assumed } = await setup();
    await addUser('gus');
    await addPolicy('builtin-own', 'a');
    await addPolicy('from-idp', 'b');
    await mappings.set('users', 'gus', ['builtin-own']);
    const federated = await assumed('gus', 'openid', ['from-idp']);
    expect(await access.temporary(federated.accessKeyId, federated.sessionToken)).toMatchObject({ provider: 'openid', access: { policyNames: ['from-idp'] } });
  });
});
