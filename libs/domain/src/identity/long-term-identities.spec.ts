import { describe, expect, it } from '@jest/globals';
import { SecretSealer, type SealedSecret } from '../sealing/secret-sealer.js';
import { FixedClock, InMemoryServiceAccountStore, InMemoryUserStore } from '../testing/in-memory-stores.js';
import { LongTermIdentities } from './long-term-identities.js';
import { userSecretContext, type UserRecord } from './users.js';

const ROOT = { accessKey: 'rootuser', secretKey: 'rootsecret123' };

/** Counts how often a secret is opened. */
class CountingSealer extends SecretSealer {
  opened = 0;
  override open(sealed: SealedSecret, context: string): string {
    this.opened++;
    return super.open(sealed, context);
  }
}

function setup() {
  const sealer = new CountingSealer({ name: 'test', key: Buffer.alloc(32, 3) });
  const users = new InMemoryUserStore();
  const identities = new LongTermIdentities(ROOT, users, sealer, new InMemoryServiceAccountStore(), new FixedClock(0));
  const user = (secret: string, status: UserRecord['status']): UserRecord =>
    ({ version: 1, accessKey: 'alice', secretKey: sealer.seal(secret, userSecretContext('alice')), status, createdAt: 0 });
  return { sealer, users, identities, user };
}

describe(LongTermIdentities.name, () => {
  it('gives the root user one frozen identity, so its signing key can be kept with it', async () => {
    const { identities } = setup();
    const first = await identities.find(ROOT.accessKey);
    expect(first).toEqual({ ...ROOT, provider: 'root', enabled: true });
    expect(await identities.find(ROOT.accessKey)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('opens a user\'s secret once while the store hands back the same record', async () => {
    const { sealer, users, identities, user } = setup();
    await users.put(user('alice-secret-1', 'enabled'));
    const first = await identities.find('alice');
    expect(await identities.find('alice')).toBe(first);
    expect(sealer.opened).toBe(1);
    expect(first).toEqual({ accessKey: 'alice', secretKey: 'alice-secret-1', provider: 'builtin', enabled: true });
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('follows a changed record at once: new secret, new status', async () => {
    const { users, identities, user } = setup();
    await users.put(user('alice-secret-1', 'enabled'));
    await identities.find('alice');
    await users.put(user('alice-secret-2', 'disabled'));
    expect(await identities.find('alice')).toEqual({ accessKey: 'alice', secretKey: 'alice-secret-2', provider: 'builtin', enabled: false });
    await users.remove('alice');
    expect(await identities.find('alice')).toBeNull();
  });
});
