// Access-change propagation (issue 9, item 4 of the S3 gateway): for each kind of admin change that
// narrows access, the time from the moment the admin call has answered until every gateway refuses
// an S3 GetObject it allowed just before (so every gateway had the signer and its access cached).
// Like the revocation scenario, one change at a time: it measures propagation, not throughput.
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { signSigV4 } from '#domain';
import { adminClient } from '../cli/admin-client.mjs';
import { signedStsHeaders } from './signed-request.mjs';

const BUCKET = 'bench-access';
const OBJECT = `/${BUCKET}/object`;
const POLICY = 'bench-access-read';
const GROUP = 'bench-access-readers';
const GIVE_UP_MS = 10_000;
const policyOn = (resource) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [resource] }] });

/**
 * Each kind: how a round's user gets its access (`grant`), which of its signers are probed (its
 * long-term keys, its temporary ones from AssumeRole), and the narrowing change.
 */
export const ACCESS_CHANGES = {
  revoke: { probe: ['temporary'], change: (admin, u) => admin('POST', 'revoke-credentials', {}, { accessKey: u.temporary.accessKeyId }) },
  'user disable': { change: (admin, u) => admin('PUT', 'set-user-status', { accessKey: u.name, status: 'disabled' }) },
  'user remove': { change: (admin, u) => admin('DELETE', 'remove-user', { accessKey: u.name }) },
  'secret change': { probe: ['longTerm'], change: (admin, u) => admin('PUT', 'add-user', { accessKey: u.name }, { secretKey: `${u.name}-changed-secret` }) },
  'policy detach': { change: (admin, u) => admin('POST', 'idp/builtin/policy/detach', {}, { policies: [POLICY], user: u.name }) },
  'policy edit': {
    grant: async (admin, name) => {
      await admin('PUT', 'add-canned-policy', { name }, policyOn(`arn:aws:s3:::${BUCKET}/*`));
      await admin('POST', 'idp/builtin/policy/attach', {}, { policies: [name], user: name });
    },
    change: (admin, u) => admin('PUT', 'add-canned-policy', { name: u.name }, policyOn('arn:aws:s3:::elsewhere/*')),
  },
  'group membership': {
    grant: (admin, name) => admin('PUT', 'update-group-members', {}, { group: GROUP, members: [name], isRemove: false }),
    change: (admin, u) => admin('PUT', 'update-group-members', {}, { group: GROUP, members: [u.name], isRemove: true }),
  },
};

/**
 * Resolves { kind: [{ ms, checks, atFirstProbe }] }, one round of every kind in turn: per round the
 * time until the last gateway refused the last signer, and how many of the gateway × signer checks
 * were refused by the first probe sent after the reply (then the change had arrived before it), and
 * how long one refused request takes on its own afterwards.
 */
export async function measureAccessChanges(target, rounds, signal) {
  const admin = adminClient({ endpoint: target.gateways[0], accessKey: target.keys.accessKeyId, secretKey: target.keys.secretAccessKey, region: target.region });
  await prepare(target, admin);
  const kinds = Object.keys(ACCESS_CHANGES);
  const samples = Object.fromEntries(kinds.map((kind) => [kind, []]));
  for (let round = 0; round < rounds && !signal.aborted; round++) {
    for (const [k, kind] of kinds.entries()) {
      const { grant, probe = ['longTerm', 'temporary'], change } = ACCESS_CHANGES[kind];
      const user = await userWithAccess(target, admin, `bench${k}r${round}`, grant);
      const signers = probe.map((which) => user[which]);
      await everywhere(target.gateways, signers, 200, performance.now());
      await change(admin, user);
      const refused = await everywhere(target.gateways, signers, 403, performance.now());
      // For scale: the same request once more, alone, once the change is everywhere.
      const alone = performance.now();
      await getObject(target.gateways[0], signers[0]);
      samples[kind].push({ ...refused, refusalMs: performance.now() - alone });
    }
  }
  return samples;
}

/** The bucket and object every round reads, the shared policy, and the group holding it. */
async function prepare(target, admin) {
  const root = new S3Client({ endpoint: target.gateways[0], region: target.region, forcePathStyle: true, credentials: target.keys, maxAttempts: 1 });
  await root.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((error) => {
    if (error?.name !== 'BucketAlreadyOwnedByYou' && error?.name !== 'BucketAlreadyExists') throw error;
  });
  await root.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'object', Body: 'x' }));
  await admin('PUT', 'add-canned-policy', { name: POLICY }, policyOn(`arn:aws:s3:::${BUCKET}/*`));
  await admin('PUT', 'update-group-members', {}, { group: GROUP, members: [], isRemove: false });
  await admin('POST', 'idp/builtin/policy/attach', {}, { policies: [POLICY], group: GROUP });
}

/** A fresh user allowed to read the object, and temporary credentials it took with AssumeRole. */
async function userWithAccess(target, admin, name, grant) {
  const longTerm = { accessKeyId: name, secretAccessKey: `${name}-secret-123` };
  await admin('PUT', 'add-user', { accessKey: name }, { secretKey: longTerm.secretAccessKey });
  await (grant ? grant(admin, name) : admin('POST', 'idp/builtin/policy/attach', {}, { policies: [POLICY], user: name }));
  const body = 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900';
  const gateway = target.gateways[0];
  const response = await fetch(new URL('/', gateway), { method: 'POST', body, headers: signedStsHeaders({ gateway, keys: longTerm, region: target.region, body }) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`AssumeRole as ${name} answered ${response.status}: ${text.slice(0, 200)}`);
  const field = (tag) => text.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];
  return { name, longTerm, temporary: { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') } };
}

async function getObject(gateway, keys) {
  const url = new URL(OBJECT, gateway);
  const headers = signSigV4(
    { method: 'GET', host: url.host, path: OBJECT, body: '', headers: {} },
    { accessKey: keys.accessKeyId, secretKey: keys.secretAccessKey, sessionToken: keys.sessionToken, region: 'us-east-1', service: 's3', now: new Date() },
  );
  delete headers.host;
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return response.status;
}

/** When (ms after `since`) and at which probe `gateway` first answered `status` to `signer`; an answer other than 200 or 403 fails. */
async function untilAnswered(gateway, signer, status, since = performance.now()) {
  for (let probes = 1; performance.now() - since < GIVE_UP_MS; probes++) {
    const answer = await getObject(gateway, signer);
    if (answer === status) return { ms: performance.now() - since, probes };
    if (answer !== 200 && answer !== 403) throw new Error(`${gateway} answered ${answer} to a GetObject of ${signer.accessKeyId}`);
  }
  throw new Error(`${gateway} did not answer ${status} to ${signer.accessKeyId} within ${GIVE_UP_MS} ms`);
}

/** Every gateway and signer at once: the slowest time, and how many were already refused at their first probe. */
async function everywhere(gateways, signers, status, since) {
  const answers = await Promise.all(gateways.flatMap((gateway) => signers.map((signer) => untilAnswered(gateway, signer, status, since))));
  return { ms: Math.max(...answers.map((a) => a.ms)), checks: answers.length, atFirstProbe: answers.filter((a) => a.probes === 1).length };
}
