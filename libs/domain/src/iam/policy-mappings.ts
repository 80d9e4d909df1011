import { StsError, type MappingTarget } from '#contracts';
import { normalizeDn } from './distinguished-name.js';

/**
 * Policies attach to users or groups. As in MinIO, an LDAP user DN shares the users' namespace and
 * an LDAP group DN the groups' namespace, both under their normalized DN.
 */
export type MappingKind = 'users' | 'groups';

/** One stored mapping: the policies attached to one user (or LDAP user DN) or group (or LDAP group DN). */
export interface PolicyMapping {
  kind: MappingKind;
  name: string;
  policies: string[];
}

export interface PolicyMappingStore {
  get(kind: MappingKind, name: string): Promise<string[]>;
  /** Every mapping. */
  list(): Promise<PolicyMapping[]>;
  /** Replaces the list; an empty list removes the mapping. */
  set(kind: MappingKind, name: string, policies: string[]): Promise<void>;
}

export interface MappingKey {
  kind: MappingKind;
  name: string;
}

export function mappingKeyOf(target: MappingTarget): MappingKey {
  switch (target.kind) {
    case 'user':
      return { kind: 'users', name: target.name };
    case 'group':
      return { kind: 'groups', name: target.name };
    case 'ldap-user':
      return { kind: 'users', name: dnOrThrow(target.name) };
    case 'ldap-group':
      return { kind: 'groups', name: dnOrThrow(target.name) };
  }
}

function dnOrThrow(dn: string): string {
  const normalized = normalizeDn(dn);
  if (normalized === null) throw new StsError('InvalidParameterValue', `"${dn}" is not a valid LDAP distinguished name`);
  return normalized;
}
