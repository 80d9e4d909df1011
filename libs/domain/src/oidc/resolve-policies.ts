import { StsError } from '#contracts';
import type { PolicyCatalog } from '../iam/policy-catalog.js';
import type { PolicyDocument } from '../policy/index.js';
import { policyNamesFromClaim } from './policy-claim.js';
import type { IdentityClaims } from './token-claims.js';

export interface ResolvedPolicies {
  names: string[];
  documents: PolicyDocument[];
}

/** More names than a credential record may carry; also bounds the store reads one token can cause. */
const MAX_POLICY_NAMES = 100;
const MAX_POLICY_NAME_LENGTH = 128;

const noneDefined = (names: readonly string[]) =>
  new StsError('InvalidParameterValue', `None of the given policies (\`${names.join(',')}\`) are defined, credentials will not be generated`);

/** The named policies that exist now (canned or in the store), in the order given. */
export async function existingPolicies(catalog: PolicyCatalog, names: readonly string[]): Promise<ResolvedPolicies> {
  if (names.length > MAX_POLICY_NAMES) {
    throw new StsError('InvalidParameterValue', `At most ${MAX_POLICY_NAMES} policies may be named, credentials will not be generated`);
  }
  const candidates = names.filter((name) => name.length <= MAX_POLICY_NAME_LENGTH);
  const documents = await Promise.all(candidates.map((name) => catalog.find(name)));
  const found = candidates.map((name, i) => ({ name, document: documents[i] })).filter((p) => p.document !== null);
  if (found.length === 0) throw noneDefined(names);
  return { names: found.map((p) => p.name), documents: found.map((p) => p.document as PolicyDocument) };
}

/** Claim mode (§1.2 step 5): the policy claim, filtered to policies that exist, with MinIO's messages. */
export async function claimPolicies(catalog: PolicyCatalog, claims: IdentityClaims, policyClaim: string): Promise<ResolvedPolicies> {
  const names = policyNamesFromClaim(claims[policyClaim]);
  if (names === undefined) {
    throw new StsError('InvalidParameterValue', `${policyClaim} claim missing from the JWT token, credentials will not be generated`);
  }
  return existingPolicies(catalog, names);
}
