// Usage: node scripts/bench/verifier-paths-ab.mjs <old checkout> <new checkout> [rounds] [calls]  (both built: npm run build)
// In-process A/B of the verifiers' own work per request, the old build and the new one in turn
// (rounds of `calls` calls each, alternating which goes first): AssumeRole's authorization of the
// root user and of a builtin user (SigV4 check, key lookup from a store that hands back its cached
// record), an RS256 identity token replayed through JwtIdentityVerifier plus the parent-user hash,
// and the whole AssumeRoleWithWebIdentity authorization of that token (claim mode, the canned
// policy of the bench's token: verification, policies, duration check, session claims). Prints µs
// of CPU per call (process.cpuUsage), median and range over the rounds, and the median of the
// rounds' new/old ratios (each round runs both builds back to back, so a ratio moves less with the
// machine's load than either figure).
import { createHash, generateKeyPairSync } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createLocalJWKSet, exportJWK, SignJWT } from 'jose';

const [oldDir, newDir] = process.argv.slice(2, 4).map((dir) => resolve(dir));
const rounds = Number(process.argv[4] ?? 9);
const calls = Number(process.argv[5] ?? 4000);
if (!oldDir || !newDir) {
  console.error('usage: node scripts/bench/verifier-paths-ab.mjs OLD_CHECKOUT NEW_CHECKOUT [rounds] [calls]');
  process.exit(2);
}

const ROOT = { accessKey: 'rootuser', secretKey: 'rootsecret123' };
const ISSUER = 'https://idp.example';
const CLIENT_ID = 'sts-client';
const body = 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({ iss: ISSUER, aud: CLIENT_ID, sub: 'alice', policy: 'readwrite', exp: now + 3600, iat: now })
  .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);

async function build(base) {
  const d = await import(join(base, 'dist/libs/domain/src/index.js'));
  const j = await import(join(base, 'dist/libs/infra-jwks/src/index.js'));
  const sealer = new d.SecretSealer({ name: 'ab', key: Buffer.alloc(32, 7) });
  const alice = { version: 1, accessKey: 'alice', secretKey: sealer.seal('alice-secret', d.userSecretContext('alice')), status: 'enabled', createdAt: 0 };
  const users = { get: async (key) => (key === 'alice' ? alice : null) };
  const accounts = { get: async () => null };
  const identities = new d.LongTermIdentities(ROOT, users, sealer, accounts, d.systemClock);
  const assumeRole = new d.AssumeRole(identities, { issue: async () => ({}) }, d.systemClock, {});
  const keys = createLocalJWKSet({ keys: [jwk] });
  const connection = { discovery: async () => ({ issuer: ISSUER }), jwks: { current: async () => keys, refetch: async () => keys } };
  const config = { name: 'bench', configUrl: `${ISSUER}/.well-known/openid-configuration`, clientId: CLIENT_ID, policyClaim: 'policy', rolePolicies: [], claimUserInfo: false };
  const verifier = new j.JwtIdentityVerifier(config, connection, { clockSkewSeconds: 60, maxTokenBytes: 16_384 }, d.systemClock);
  const catalog = new d.PolicyCatalog({ get: async () => null, list: async () => [] });
  const directory = new d.OpenIdProviderDirectory([{ config, verifier }]);
  const webIdentity = new d.AssumeRoleWithToken(directory, catalog, { issue: async () => ({}) }, d.systemClock, { action: 'AssumeRoleWithWebIdentity' });
  return { d, assumeRole, verifier, webIdentity };
}

function signedBy(d, keys) {
  const headers = d.signSigV4(
    { method: 'POST', host: '127.0.0.1:9000', path: '/', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { ...keys, region: 'us-east-1', service: 'sts', now: new Date() },
  );
  return { method: 'POST', path: '/', query: '', headers: Object.entries(headers), payloadHash: createHash('sha256').update(body).digest('hex') };
}

const builds = { old: await build(oldDir), new: await build(newDir) };
const rootRequest = { requestId: 'r', signed: signedBy(builds.new.d, ROOT), durationSeconds: 900 };
const userRequest = { requestId: 'r', signed: signedBy(builds.new.d, { accessKey: 'alice', secretKey: 'alice-secret' }), durationSeconds: 900 };
const cases = {
  'AssumeRole.authorize, root user': (b) => b.assumeRole.authorize(rootRequest),
  'AssumeRole.authorize, builtin user': (b) => b.assumeRole.authorize(userRequest),
  'RS256 id token replayed (verify + parent user)': async (b) => {
    const claims = await b.verifier.verify(token, undefined);
    return b.d.openIdParentUser(claims.sub, claims.iss);
  },
  'AssumeRoleWithWebIdentity.authorize, claim mode': (b) => b.webIdentity.authorize({ requestId: 'r', token, durationSeconds: 900 }),
};

async function cpuPerCall(call) {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [name, run] of Object.entries(cases)) {
  const figures = { old: [], new: [] };
  for (const side of ['old', 'new']) await cpuPerCall(() => run(builds[side])); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? ['old', 'new'] : ['new', 'old']) figures[side].push(await cpuPerCall(() => run(builds[side])));
  }
  const show = (side) => `${median(figures[side]).toFixed(1)} µs (${Math.min(...figures[side]).toFixed(1)}–${Math.max(...figures[side]).toFixed(1)})`;
  const ratios = figures.new.map((micros, round) => micros / figures.old[round]);
  console.log(`${name}: old ${show('old')}, new ${show('new')}; new/old per round, median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
}
