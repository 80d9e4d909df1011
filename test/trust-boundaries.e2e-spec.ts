import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { APP_ROSTER } from '../libs/contracts/src/app-roster.js';
import { connectEtcd, type EtcdConnection } from '#infra-etcd';
import { startStack, TEST_ROOT_PASSWORD, TEST_ROOT_USER, type Stack } from './support/stack.js';
import { signedFormPost } from './support/sts-http.js';

let stack: Stack;
const open: NatsConnection[] = [];
const stores: EtcdConnection[] = [];

beforeAll(async () => {
  stack = await startStack();
}, 60_000);

afterAll(async () => {
  await Promise.all(open.map((nc) => nc.close().catch(() => undefined)));
  for (const etcd of stores) etcd.close();
  await stack?.stop();
});

/** A plain NATS client holding one app's credentials: what an attacker who stole them would have. */
async function connectAs(app: string): Promise<NatsConnection> {
  const seed = new TextEncoder().encode(readFileSync(stack.natsUsers[app].seedFile, 'utf8').trim());
  const nc = await connect({ servers: stack.natsUrl, authenticator: nkeyAuthenticator(seed), inboxPrefix: `_INBOX.${app}`, maxReconnectAttempts: 0 });
  open.push(nc);
  return nc;
}

/** Resolves with the error that closed the subscription, or null if it is still open after a round trip. */
async function subscriptionRefusal(nc: NatsConnection, subject: string, queue?: string): Promise<string | null> {
  const sub = nc.subscribe(subject, queue ? { queue } : {});
  const closed = sub.closed.then((error) => (error instanceof Error ? error.message : 'closed'));
  await nc.flush();
  const outcome = await Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 300))]);
  if (outcome === null) sub.unsubscribe();
  return outcome;
}

const otherApps = (app: string) => APP_ROSTER.map((entry) => entry.name).filter((name) => name !== app);

describe('NATS least privilege', () => {
  it('refuses a client without credentials', async () => {
    await expect(connect({ servers: stack.natsUrl, maxReconnectAttempts: 0 })).rejects.toThrow(/Authorization Violation/);
  });

  it('refuses a client with a key the server does not know', async () => {
    const { nkeys } = await import('@nats-io/transport-node');
    const stranger = nkeys.createUser().getSeed();
    await expect(connect({ servers: stack.natsUrl, authenticator: nkeyAuthenticator(stranger), maxReconnectAttempts: 0 })).rejects.toThrow(/Authorization Violation/);
  });

  it('does not let the gateway user mint credentials on sts.credentials.issue', async () => {
    const gateway = await connectAs('api-gateway');
    const request = { pattern: 'sts.credentials.issue', id: '1', data: { provider: 'root', parent: TEST_ROOT_USER, durationSeconds: 31_536_000 } };
    await expect(gateway.request('sts.credentials.issue', JSON.stringify(request), { timeout: 2000 })).rejects.toThrow(/Permissions Violation for Publish to "sts.credentials.issue"/);
  });

  it('refuses, at the issuer, an admin request the gateway user sends without a valid signature', async () => {
    const gateway = await connectAs('api-gateway');
    const reply = await gateway.request('sts.admin.users.list', JSON.stringify({ pattern: 'sts.admin.users.list', id: '2', data: {} }), { timeout: 5000 });
    expect(JSON.stringify(reply.json())).toMatch(/"err"/);
  });

  it.each(['>', 'sts.>', '_INBOX.>', 'sts.verify.ldap', 'sts.credentials.issue', '_INBOX.ldap-verifier.>', '_INBOX.assume-role-verifier.>'])(
    'refuses the gateway user a subscription to %s',
    async (subject) => {
      const gateway = await connectAs('api-gateway');
      expect(await subscriptionRefusal(gateway, subject)).toMatch(/Permissions Violation for Subscription/);
    },
  );

  it('lets no other app read the LDAP passwords on sts.verify.ldap, in any queue group', async () => {
    for (const app of otherApps('ldap-verifier')) {
      const nc = await connectAs(app);
      for (const queue of [undefined, app, 'ldap-verifier']) {
        expect({ app, queue, refusal: await subscriptionRefusal(nc, 'sts.verify.ldap', queue) }).toEqual({ app, queue, refusal: expect.stringMatching(/Permissions Violation/) });
      }
    }
  });

  it('lets no app read the replies (issued secrets) sent to another app’s inbox', async () => {
    for (const app of APP_ROSTER.map((entry) => entry.name)) {
      const nc = await connectAs(app);
      for (const victim of otherApps(app)) {
        expect({ app, victim, refusal: await subscriptionRefusal(nc, `_INBOX.${victim}.>`) }).toEqual({ app, victim, refusal: expect.stringMatching(/Permissions Violation/) });
      }
      expect({ app, refusal: await subscriptionRefusal(nc, '_INBOX.>') }).toEqual({ app, refusal: expect.stringMatching(/Permissions Violation/) });
    }
  });

  it('lets only verifiers reach the issuer: the issuer and audit-sink users cannot request sts.credentials.issue either', async () => {
    for (const app of ['credential-issuer', 'audit-sink']) {
      const nc = await connectAs(app);
      await expect(nc.request('sts.credentials.issue', '{}', { timeout: 2000 })).rejects.toThrow(/Permissions Violation for Publish/);
    }
  });

  it('has the issuer answer only inbox reply subjects: a verifier cannot turn its answer into an event', async () => {
    const verifier = await connectAs('assume-role-verifier');
    const heard: string[] = [];
    // The verifier user may listen to the issuer's leaving event; an answer published there would reach every verifier.
    verifier.subscribe('sts.events.issuer.leaving', { callback: (_error, msg) => void heard.push(msg.string()) });
    const malformed = JSON.stringify({ pattern: 'sts.credentials.issue', id: '3', data: {} });
    verifier.publish('sts.credentials.issue', malformed, { reply: 'sts.events.issuer.leaving' });
    const answer = await verifier.request('sts.credentials.issue', malformed, { timeout: 5000 });
    expect(answer.json()).toMatchObject({ err: { code: 'InvalidParameterValue' } });
    await verifier.flush();
    expect(heard).toEqual([]);
  });

  it('lets a verifier that hands requests on answer only under the reply prefix the gateway keeps for it', async () => {
    const verifier = await connectAs('assume-role-verifier');
    // The gateway's other replies (credential lookups, other verifiers' answers) are out of its reach.
    for (const subject of ['_INBOX.api-gateway.N0T4V3R1F13R.1', '_INBOX.api-gateway.oidc-verifier.N0T4V3R1F13R.1']) {
      await expect(verifier.request(subject, '{}', { timeout: 2000 })).rejects.toThrow(/Permissions Violation for Publish/);
    }
    await expect(verifier.request('_INBOX.api-gateway.assume-role-verifier.N0T4V3R1F13R.1', '{}', { timeout: 2000 })).rejects.toThrow(/no responders/);
  });

  it('still issues credentials end to end with every app on its own user', async () => {
    const reply = await signedFormPost(stack.gateways[0], { accessKeyId: TEST_ROOT_USER, secretAccessKey: TEST_ROOT_PASSWORD }, 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<SecretAccessKey>');
  });
});

/** An etcd client logged in as one app's user (its password file is what the launcher generated). */
function etcdAs(app?: string): EtcdConnection {
  const auth = app ? { username: app, password: readFileSync(`${stack.dir}/secrets/etcd-${app}.password`, 'utf8').trim() } : undefined;
  const etcd = connectEtcd({ endpoints: [stack.etcdEndpoint], prefix: '', timeoutMs: 3000, ...(auth ? { auth } : {}) });
  stores.push(etcd);
  return etcd;
}

describe('etcd least privilege', () => {
  it('refuses a client that does not log in', async () => {
    await expect(etcdAs().keys.get('iam/users/x').string()).rejects.toThrow(/user name is empty/);
  });

  it('does not let the gateway user write, not even a credential record of its own making', async () => {
    const gateway = etcdAs('api-gateway');
    const forged = JSON.stringify({ accessKey: 'FORGED', provider: 'root', parent: TEST_ROOT_USER });
    await expect(gateway.keys.put('sts/credentials/FORGED').value(forged)).rejects.toThrow(/permission denied/);
    await expect(gateway.keys.delete().key('sts/credentials/FORGED')).rejects.toThrow(/permission denied/);
    await expect(gateway.keys.get('sts/keyring/x').string()).rejects.toThrow(/permission denied/);
    expect(await gateway.keys.get('sts/credentials/FORGED').string()).toBeNull();
  });

  it.each(['assume-role-verifier', 'ldap-verifier', 'oidc-verifier', 'client-grants-verifier'])('does not let the %s user write', async (app) => {
    await expect(etcdAs(app).keys.put('iam/users/intruder').value('{}')).rejects.toThrow(/permission denied/);
  });

  it('lets the verifiers read only what they need: the token verifiers cannot read users or credentials', async () => {
    const oidc = etcdAs('oidc-verifier');
    await expect(oidc.keys.get('iam/users/x').string()).rejects.toThrow(/permission denied/);
    await expect(oidc.keys.get('sts/credentials/x').string()).rejects.toThrow(/permission denied/);
    expect(await oidc.keys.get('iam/policies/readwrite').string()).toBeNull();
  });
});
