import { describe, expect, it } from '@jest/globals';
import { AdminSubjects as S } from '#contracts';
import { accessChangeOf } from './access-change-notifier.js';

describe(accessChangeOf.name, () => {
  it.each([
    [S.UsersAdd, { accessKey: 'sami', secretKey: 'x' }, { parents: ['sami'] }],
    [S.GroupsUpdateMembers, { group: 'g', members: ['a', 'b'], isRemove: true }, { groups: ['g'], parents: ['a', 'b'] }],
    [S.PoliciesCreate, { name: 'p', policy: '{}' }, { policies: ['p'] }],
    [S.PoliciesDelete, { name: 'p' }, { policies: ['p'] }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'user', name: 'dora' } }, { parents: ['dora'] }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'ldap-user', name: 'UID=a, DC=x' } }, { parents: ['uid=a,dc=x'] }],
    [S.PolicyMappingsDetach, { policies: ['p'], target: { kind: 'group', name: 'g' } }, { groups: ['g'] }],
    [S.PolicyMappingsAttach, { policies: ['p'], target: { kind: 'ldap-group', name: 'cn=g' } }, { groups: ['cn=g'] }],
    [S.PolicyMappingsSet, { policies: [], target: { kind: 'user', name: 'sue' } }, { parents: ['sue'] }],
    [S.GroupsSetStatus, { group: 'g', status: 'disabled' }, { groups: ['g'] }],
    [S.ServiceAccountsDelete, { accessKey: 'SVCACCT1' }, { parents: ['SVCACCT1'] }],
  ])('%s narrows what it names', (subject, payload, change) => {
    expect(accessChangeOf(subject, payload)).toEqual(change);
  });

  it('names a new service account by the key it was given', () => {
    expect(accessChangeOf(S.ServiceAccountsAdd, { targetUser: 'sami' }, { accessKey: 'CHOSENBYISSUER', secretKey: 'x' })).toEqual({ parents: ['CHOSENBYISSUER'] });
    expect(accessChangeOf(S.ServiceAccountsAdd, { accessKey: 'mine' }, { accessKey: 'mine', secretKey: 'x' })).toEqual({ parents: ['mine'] });
  });

  it.each([S.UsersRemove, S.UsersSetStatus])('%s is left to the one users-changed event', (subject) => {
    expect(accessChangeOf(subject, { accessKey: 'dina', status: 'disabled' })).toBeUndefined();
  });

  it.each([S.UsersInfo, S.UsersList, S.PoliciesList, S.CredentialsList, S.KeysList])('%s changes nothing', (subject) => {
    expect(accessChangeOf(subject, {})).toBeUndefined();
  });
});
