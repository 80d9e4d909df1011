// Usage: node scripts/bench/signer-lookup-ab.mjs <old checkout> <new checkout> [iterations]  (both built: npm run build)
// In-process A/B of the issuer's signer lookups against one real etcd: the old build and the
// new one, alternated call by call, one call at a time (latency = etcd rounds + CPU).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
const [oldDir, newDir] = process.argv.slice(2, 4).map((dir) => resolve(dir));
const iterations = process.argv[4] ?? '400';
const { freePorts, startEtcd } = await import(join(newDir, 'scripts/lib/servers.mjs'));
const [clientPort, peerPort] = await freePorts(2);
const dir = mkdtempSync(join(tmpdir(), 'p5ab-'));
const etcdServer = await startEtcd({ clientPort, peerPort, dataDir: join(dir, 'etcd'), logFile: join(dir, 'etcd.log'), fast: true });
const random = { bytes: (n) => randomBytes(n) };
const ROOT = 'root';
async function build(base) {
  const d = await import(join(base, 'dist/libs/domain/src/index.js'));
  const e = await import(join(base, 'dist/libs/infra-etcd/src/index.js'));
  const etcd = e.connectEtcd({ endpoints: [`http://127.0.0.1:${clientPort}`], prefix: 'ab/', timeoutMs: 5000 });
  const sealer = new d.SecretSealer({ name: 'ab', key: Buffer.alloc(32, 7) });
  const s = { users: new e.EtcdUserStore(etcd), groups: new e.EtcdGroupStore(etcd), policies: new e.EtcdPolicyStore(etcd), mappings: new e.EtcdPolicyMappingStore(etcd),
    credentials: new e.EtcdCredentialStore(etcd), keyring: new e.EtcdKeyringStore(etcd), accounts: new e.EtcdServiceAccountStore(etcd) };
  const keyring = await new d.SigningKeyring(s.keyring, sealer, random).load(Date.now());
  const lookup = new d.LookupCredential(s.credentials, s.users, sealer, keyring, d.systemClock, ROOT);
  const identities = new d.LongTermIdentities({ accessKey: ROOT, secretKey: 'root-secret' }, s.users, sealer, s.accounts, d.systemClock);
  const access = new d.SignerAccess(lookup, identities, s.credentials, new d.EffectivePolicies(s.users, s.groups, s.mappings, new d.PolicyCatalog(s.policies)), ROOT);
  return { d, s, sealer, keyring, access, etcd };
}
const older = await build(oldDir);
const newer = await build(newDir);
// One user with an own policy and a group policy, one temporary credential of it (the bench's shape).
const { d, s, sealer, keyring } = newer;
const now = Date.now();
await s.users.put({ version: 1, accessKey: 'alice', secretKey: sealer.seal('alice-secret', d.userSecretContext('alice')), status: 'enabled', createdAt: now - 1000 });
const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }] });
await s.policies.put({ version: 1, name: 'own', policy: doc, updatedAt: now });
await s.policies.put({ version: 1, name: 'team', policy: doc, updatedAt: now });
await s.mappings.set('users', 'alice', ['own']);
await s.groups.put({ version: 1, name: 'readers', members: ['alice'], updatedAt: now });
await s.mappings.set('groups', 'readers', ['team']);
const { credentials: temp } = await new d.IssueCredentials(s.credentials, keyring, sealer, d.systemClock, random).execute({ requestId: 'r', provider: 'builtin', parent: 'alice', durationSeconds: 3600 });
await older.keyring.load(Date.now());
const revoked = (await new d.IssueCredentials(s.credentials, keyring, sealer, d.systemClock, random).execute({ requestId: 'r', provider: 'builtin', parent: 'alice', durationSeconds: 3600 })).credentials;
await newer.etcd.keys.delete().key(`sts/credentials/${revoked.accessKeyId}`);
const cases = {
  'long-term key of a user': (a) => a.longTerm('alice'),
  'temporary credential of a user': (a) => a.temporary(temp.accessKeyId, temp.sessionToken),
  'removed user (unknown key)': (a) => a.longTerm('gone-user'),
  'revoked temporary key, long-term question': (a) => a.longTerm(revoked.accessKeyId),
};
const n = Number(iterations);
for (const [name, call] of Object.entries(cases)) {
  const times = { old: [], new: [] };
  for (let i = 0; i < 20; i++) { await call(older.access); await call(newer.access); }
  for (let i = 0; i < n; i++) {
    for (const [which, side] of i % 2 ? [['old', older], ['new', newer]] : [['new', newer], ['old', older]]) {
      const t0 = performance.now();
      await call(side.access);
      times[which].push(performance.now() - t0);
    }
  }
  const q = (v, p) => v.sort((a, b) => a - b)[Math.floor(v.length * p)].toFixed(2);
  console.log(`${name.padEnd(44)} old p50 ${q(times.old, 0.5)} p90 ${q(times.old, 0.9)} ms | new p50 ${q(times.new, 0.5)} p90 ${q(times.new, 0.9)} ms`);
}
older.etcd.close(); newer.etcd.close();
await etcdServer.stop?.();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
