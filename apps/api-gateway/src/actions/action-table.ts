import type { ActionDeps, StsAction } from './sts-action.js';
import { assumeRole } from './assume-role.action.js';
import { getCallerIdentity } from './get-caller-identity.action.js';
import { ldapIdentity } from './ldap-identity.action.js';
import { tokenIdentity } from './token-identity.action.js';

/** Every STS action the gateway serves, by its `Action` parameter. A new action: one module, one line. */
export function stsActions(deps: ActionDeps): ReadonlyMap<string, StsAction> {
  return new Map([
    ['AssumeRole', assumeRole(deps)],
    ['GetCallerIdentity', getCallerIdentity(deps)],
    ['AssumeRoleWithWebIdentity', tokenIdentity(deps, 'AssumeRoleWithWebIdentity')],
    ['AssumeRoleWithClientGrants', tokenIdentity(deps, 'AssumeRoleWithClientGrants')],
    ['AssumeRoleWithLDAPIdentity', ldapIdentity(deps)],
  ]);
}
