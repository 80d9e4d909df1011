import { Provider, StsError, type CredentialInfo, type CredentialSummary, type RevokeSelector } from '#contracts';
import type { CredentialRecord, CredentialStore } from '../../credentials/credential-record.js';
import type { RevokeCredentials } from '../../credentials/revoke-credentials.js';
import { normalizeDn } from '../distinguished-name.js';
import { formatExpiration } from '../../credentials/issue-credentials.js';
import { normalizePolicy, parsePolicy, type PolicyDocument } from '../../policy/index.js';
import type { Clock } from '../../ports.js';
import type { EffectivePolicies } from '../effective-policies.js';

/**
 * The parents a name given by an administrator may mean: itself, and the normalized DN of an LDAP
 * user written with other spacing or case of attribute types, exactly as attachment keys it.
 */
export function parentsNamed(name: string): string[] {
  const dn = name.includes('=') ? normalizeDn(name) : null;
  return dn === null || dn === name ? [name] : [name, dn];
}

/** A provider name in any case (`LDAP`); an unknown one is an error, not an empty result. */
export function providerNamed(name: string): Provider {
  const parsed = Provider.safeParse(name.trim().toLowerCase());
  if (!parsed.success) throw new StsError('InvalidParameterValue', `Unknown provider ${name}; use one of ${Provider.options.join(', ')}`);
  return parsed.data;
}

/** The inventory of live temporary credentials, and revocation by what an administrator types; never a secret or a token. */
export class CredentialAdmin {
  constructor(
    private readonly store: CredentialStore,
    private readonly effective: EffectivePolicies,
    private readonly revoker: RevokeCredentials,
    private readonly clock: Clock,
  ) {}

  async list(parent?: string, provider?: string): Promise<CredentialSummary[]> {
    const now = this.clock.now();
    const wanted = provider === undefined ? undefined : providerNamed(provider);
    const stored = parent === undefined ? await this.store.list() : (await Promise.all(parentsNamed(parent).map((p) => this.store.list(p)))).flat();
    const records = stored.filter((r) => r.expiresAt > now && (wanted === undefined || r.provider === wanted));
    return records.sort((a, b) => a.expiresAt - b.expiresAt).map(summary);
  }

  /** Revokes with the names normalized as `list` reads them; returns the revoked access keys. */
  async revoke(selector: RevokeSelector): Promise<string[]> {
    if ('provider' in selector) return this.revoker.execute({ provider: providerNamed(selector.provider) });
    if (!('user' in selector)) return this.revoker.execute(selector);
    const revoked = await Promise.all(parentsNamed(selector.user).map((user) => this.revoker.execute({ ...selector, user })));
    return revoked.flat();
  }

  async info(accessKey: string): Promise<CredentialInfo> {
    const record = await this.store.get(accessKey);
    if (!record || record.expiresAt <= this.clock.now()) throw new StsError('NotFound', `No live temporary credential has the access key ${accessKey}`, { admin: 'NoSuchAccessKey' });
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
    impliedPolicy: record.sessionPolicy === undefined,
  };
}
