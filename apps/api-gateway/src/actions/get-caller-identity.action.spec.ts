import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { LiveCredential } from '#contracts';
import { parseAuthorization, signSigV4 } from '#domain';
import type { StsHttpRequest } from '../sts-http-request.js';
import { getCallerIdentity } from './get-caller-identity.action.js';
import type { ActionDeps } from './sts-action.js';

const TOKEN = 'session-token';
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';
const record = (roleSessionName: string): LiveCredential => ({
  accessKey: 'ABCDEFGHIJ0123456789', secretKey: 'temporary-secret-key-0123456789abcdefghij',
  sessionTokenSha256: createHash('sha256').update(TOKEN).digest('hex'), parent: 'alice', provider: 'builtin',
  roleSessionName, expiresAt: Date.now() + 900_000, parentStatus: 'enabled',
});

function signedCall(credential: LiveCredential, requestId: string): StsHttpRequest {
  const headers = signSigV4(
    { method: 'POST', host: 'sts.local', path: '/', body: BODY, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { accessKey: credential.accessKey, secretKey: credential.secretKey, sessionToken: TOKEN, region: 'us-east-1', service: 'sts', now: new Date() },
  );
  const authorization = headers.authorization;
  return {
    requestId, params: new Map(), authorization, sigv4: parseAuthorization(authorization),
    signed: { method: 'POST', path: '/', query: '', headers: Object.entries(headers), payloadHash: createHash('sha256').update(BODY).digest('hex') },
  };
}

const action = (current: () => LiveCredential) =>
  getCallerIdentity({ client: {} as ActionDeps['client'], credentials: { find: () => current() }, region: 'us-east-1' });

describe('getCallerIdentity with a temporary credential', () => {
  it('answers each call with the credential the cache holds now, and that call\'s request id', async () => {
    let held = record('build-1');
    const run = action(() => held);
    for (const requestId of ['R1', 'R2']) {
      const { xml } = await run(signedCall(held, requestId));
      expect(xml).toContain('<Arn>arn:aws:sts::000000000000:assumed-role/alice/build-1</Arn><UserId>alice:build-1</UserId>');
      expect(xml).toContain(`<RequestId>${requestId}</RequestId>`);
    }
    held = record('build-2'); // the entry refreshed: a new record for the same key
    expect((await run(signedCall(held, 'R3'))).xml).toContain('<UserId>alice:build-2</UserId>');
  });

  it('refuses a request whose token is not the credential\'s, after the right one was answered', async () => {
    const held = record('build-1');
    const run = action(() => held);
    await run(signedCall(held, 'R1'));
    const forged = signedCall(held, 'R2');
    forged.signed = { ...forged.signed, headers: forged.signed.headers.map(([k, v]) => [k, k === 'x-amz-security-token' ? 'other-token' : v]) };
    await expect(run(forged)).rejects.toMatchObject({ code: 'InvalidClientTokenId' });
  });
});
