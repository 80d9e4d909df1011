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

/** Resolves { kind: [propagation ms of each round] }, one round of every kind in turn. */
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
      await Promise.all(target.gateways.map((gateway) => untilAnswered(gateway, signers, 200)));
      await change(admin, user);
      const since = performance.now();
      const times = await Promise.all(target.gateways.map((gateway) => untilAnswered(gateway, signers, 403, since)));
      samples[kind].push(Math.max(...times));
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

/** Milliseconds after `since` when `gateway` answered `status` to every signer; any other answer than 200 or 403 fails. */
async function untilAnswered(gateway, signers, status, since = performance.now()) {
  const pending = [...signers];
  while (pending.length > 0) {
    if (performance.now() - since > GIVE_UP_MS) throw new Error(`${gateway} did not answer ${status} to ${pending[0].accessKeyId} within ${GIVE_UP_MS} ms`);
    const answer = await getObject(gateway, pending[0]);
    if (answer !== 200 && answer !== 403) throw new Error(`${gateway} answered ${answer} to a GetObject of ${pending[0].accessKeyId}`);
    if (answer === status) pending.shift();
  }
  return performance.now() - since;
}
