import { describe, expect, it } from '@jest/globals';
import { VerifiedCredentials, type IssueCredentialRequest, type IssuedCredentials } from '#contracts';
import type { CredentialRecord, IssueCredentials, RevokeCredentials, SignerAccess } from '#domain';
import { AnswerConnection, type StsClient } from '#infra-nats';
import { CredentialsHandler } from './credentials.handler.js';
import { IssuedEvents } from './issued-events.js';

const minted = (): IssuedCredentials => ({
  accessKeyId: 'AKWEBIDENTITY0000001', secretAccessKey: 'secret', sessionToken: 'token', expiration: '2026-12-03T16:00:00Z',
  issuedTo: { parent: 'hashed-parent', provider: 'openid', policies: ['readwrite'] },
});

function handler() {
  const record = { accessKey: 'AKWEBIDENTITY0000001', parent: 'hashed-parent', provider: 'openid', expiresAt: 1_000 } as CredentialRecord;
  const issue = { execute: async () => ({ credentials: minted(), record }) } as unknown as IssueCredentials;
  const events = new IssuedEvents({ emit: () => undefined } as unknown as StsClient, new AnswerConnection());
  return new CredentialsHandler(issue, {} as SignerAccess, events, {} as RevokeCredentials);
}

const request: IssueCredentialRequest = { requestId: 'r1', provider: 'openid', parent: 'hashed-parent', durationSeconds: 900 };

describe(CredentialsHandler.name, () => {
  it('answers a token-based request with the credentials and the token\'s subject', async () => {
    const answer = await handler().issueCredential({ ...request, subjectFromToken: 'alice' });
    expect(answer).toEqual({ ...minted(), subjectFromToken: 'alice' });
    expect(VerifiedCredentials.safeParse(answer).success).toBe(true);
  });

  it('answers any other request with the credentials alone', async () => {
    const answer = await handler().issueCredential(request);
    expect(answer).toEqual(minted());
    expect(answer).not.toHaveProperty('subjectFromToken');
  });
});
