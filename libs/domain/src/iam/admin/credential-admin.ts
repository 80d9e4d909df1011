import { StsError, type CredentialInfo, type CredentialSummary } from '#contracts';
import type { CredentialRecord, CredentialStore } from '../../credentials/credential-record.js';
import { formatExpiration } from '../../credentials/issue-credentials.js';
import { normalizePolicy, parsePolicy, type PolicyDocument } from '../../policy/index.js';
import type { Clock } from '../../ports.js';
import type { EffectivePolicies } from '../effective-policies.js';

/** The inventory of live temporary credentials; never a secret or a token. */
export class CredentialAdmin {
  constructor(private readonly store: CredentialStore, private readonly effective: EffectivePolicies, private readonly clock: Clock) {}

  async list(parent?: string, provider?: string): Promise<CredentialSummary[]> {
    const now = this.clock.now();
    const records = (await this.store.list(parent)).filter((r) => r.expiresAt > now && (provider === undefined || r.provider === provider));
    return records.sort((a, b) => a.expiresAt - b.expiresAt).map(summary);
  }

  async info(accessKey: string): Promise<CredentialInfo> {
    const record = await this.store.get(accessKey);
    if (!record || record.expiresAt <= this.clock.now()) throw new StsError('NotFound', `No live temporary credential has the access key ${accessKey}`);
    const parent = await this.effective.of(record);
    const sessionPolicy = record.sessionPolicy ? parsePolicy(record.sessionPolicy) : undefined;
    return {
      ...summary(record),
      accountStatus: parent.status === 'enabled' ? 'enabled' : 'disabled',
      impliedPolicy: sessionPolicy === undefined,
      policies: parent.owner ? ['(root: all actions)'] : parent.names,
      sessionPolicy: sessionPolicy && JSON.parse(record.sessionPolicy!),
      effectivePolicy: effectivePolicyView(parent.owner, parent.documents, sessionPolicy),
    };
  }
}

const ALL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*'], Resource: ['*'] }] };

/**
 * For reading, not evaluating: the parent's statements as one document, and with a session policy
 * `{ allOf: [identity, session] }`, since a request needs both to allow it.
 */
function effectivePolicyView(owner: boolean, identity: PolicyDocument[], session: PolicyDocument | undefined): unknown {
  const statements = identity.flatMap((doc) => (JSON.parse(normalizePolicy(doc)) as { Statement: unknown[] }).Statement);
  const merged = owner ? ALL_ACCESS : { Version: '2012-10-17', Statement: statements };
  return session ? { allOf: [merged, JSON.parse(normalizePolicy(session))] } : merged;
}

function summary(record: CredentialRecord): CredentialSummary {
  return {
    accessKey: record.accessKey,
    parent: record.parent,
    provider: record.provider,
    expiration: formatExpiration(record.expiresAt),
    roleSessionName: record.roleSessionName,
  };
}
