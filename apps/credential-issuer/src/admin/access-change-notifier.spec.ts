import { describe, expect, it } from '@jest/globals';
import { AdminSubjects as S } from '#contracts';
import { accessChangeOf } from './access-change-notifier.js';

describe(accessChangeOf.name, () => {
  it.each([
    [S.UsersAdd, { accessKey: 'sami', secretKey: 'x' }, { parents: ['sami'] }],
    [S.UsersRemove, { accessKey: 'remy' }, { parents: ['remy'] }],
    [S.UsersSetStatus, { accessKey: 'dina', status: 'disabled' }, { parents: ['dina'] }],
    [S.GroupsUpdateMembers, { group: 'g', members: ['a', 'b'], isRemove: true }, { parents: ['a', 'b'] }],
    [S.PoliciesCreate, { name: 'p', policy: '{}' }, { all: true }],
    [S.PoliciesDelete, { name: 'p' }, { all: true }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'user', name: 'dora' } }, { parents: ['dora'] }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'ldap-user', name: 'uid=a,dc=x' } }, { parents: ['uid=a,dc=x'] }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'group', name: 'g' } }, { all: true }],
    [S.PolicyMappingsAttach, { policies: ['p'], target: { kind: 'ldap-group', name: 'cn=g' } }, { all: true }],
    [S.PolicyMappingsSet, { policies: [], target: { kind: 'user', name: 'sue' } }, { parents: ['sue'] }],
    [S.GroupsSetStatus, { group: 'g', status: 'disabled' }, { all: true }],
    [S.ServiceAccountsDelete, { accessKey: 'SVCACCT1' }, { parents: ['SVCACCT1'] }],
  ])('%s narrows what it names', (subject, payload, change) => {
    expect(accessChangeOf(subject, payload)).toEqual(change);
  });

  it.each([S.UsersInfo, S.UsersList, S.PoliciesList, S.CredentialsList, S.KeysList])('%s changes nothing', (subject) => {
    expect(accessChangeOf(subject, {})).toBeUndefined();
  });
});
