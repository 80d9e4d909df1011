// Revocation propagation: from the moment the revoke call has answered until every gateway refuses
// the revoked credential, measured over many revocations of credentials cached on every gateway.
import { adminClient } from '../cli/admin-client.mjs';
import { signedStsHeaders } from './signed-request.mjs';

const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';
const ISSUE = 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900';
const GIVE_UP_MS = 10_000;

async function post(gateway, keys, region, body) {
  const response = await fetch(new URL('/', gateway), { method: 'POST', body, headers: signedStsHeaders({ gateway, keys, region, body }) });
  return { status: response.status, text: await response.text() };
}

async function issue(target) {
  const { status, text } = await post(target.gateways[0], target.keys, target.region, ISSUE);
  const field = (name) => text.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
  if (status !== 200) throw new Error(`AssumeRole answered ${status}: ${text.slice(0, 200)}`);
  return { accessKeyId: field('AccessKeyId'), secretAccessKey: field('SecretAccessKey'), sessionToken: field('SessionToken') };
}

/** Milliseconds after `since` when `gateway` first refused the credential. */
async function refusedAfter(gateway, keys, region, since) {
  while (performance.now() - since < GIVE_UP_MS) {
    if ((await post(gateway, keys, region, GCI)).status === 403) return performance.now() - since;
  }
  throw new Error(`${gateway} still accepted a revoked credential after ${GIVE_UP_MS} ms`);
}

/** Resolves the propagation time of each round (the slowest gateway of that round), in ms. */
export async function measureRevocation(target, rounds, signal) {
  const admin = adminClient({ endpoint: target.gateways[0], accessKey: target.keys.accessKeyId, secretKey: target.keys.secretAccessKey, region: target.region });
  const samples = [];
  for (let i = 0; i < rounds && !signal.aborted; i++) {
    const keys = await issue(target);
    for (const gateway of target.gateways) {
      const { status } = await post(gateway, keys, target.region, GCI);
      if (status !== 200) throw new Error(`a fresh credential was refused by ${gateway} (${status})`);
    }
    await admin('POST', 'revoke-credentials', {}, { accessKey: keys.accessKeyId });
    const since = performance.now();
    const times = await Promise.all(target.gateways.map((gateway) => refusedAfter(gateway, keys, target.region, since)));
    samples.push(Math.max(...times));
  }
  return samples;
}
