import { Subjects } from '#contracts';
import type { CredentialMinter } from '#domain';
import type { StsClient } from './sts-client.js';

/** How every verifier asks the issuer to mint: `sts.credentials.issue`, with the client's deadline. */
export function natsCredentialMinter(client: StsClient): CredentialMinter {
  return { issue: (request) => client.request(Subjects.CredentialsIssue, request) };
}
