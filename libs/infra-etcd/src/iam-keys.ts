import type { MappingKind } from '#domain';

/** The IAM keyspace (DESIGN §5). Names are URI-encoded: group names and DNs may hold `/`. */
export const IamKeys = {
  usersPrefix: 'iam/users/',
  user: (accessKey: string) => `iam/users/${encodeURIComponent(accessKey)}`,
  serviceAccountsPrefix: 'iam/service-accounts/',
  serviceAccount: (accessKey: string) => `iam/service-accounts/${encodeURIComponent(accessKey)}`,
  groupsPrefix: 'iam/groups/',
  group: (name: string) => `iam/groups/${encodeURIComponent(name)}`,
  policiesPrefix: 'iam/policies/',
  policy: (name: string) => `iam/policies/${encodeURIComponent(name)}`,
  mappingsPrefix: (kind: MappingKind) => `iam/policy-mappings/${kind}/`,
  mapping: (kind: MappingKind, name: string) => `iam/policy-mappings/${kind}/${encodeURIComponent(name)}`,
};

/** The name at the end of a key under `prefix`. */
export const nameAfter = (key: string, prefix: string) => decodeURIComponent(key.slice(prefix.length));
