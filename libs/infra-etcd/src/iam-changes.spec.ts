import { describe, expect, it } from '@jest/globals';
import { accessScopeOfKey } from './iam-changes.js';
import { IamKeys } from './iam-keys.js';

describe(accessScopeOfKey.name, () => {
  it.each([
    [IamKeys.user('dina'), { parents: ['dina'] }],
    [IamKeys.serviceAccount('SVCACCT1'), { parents: ['SVCACCT1'] }],
    [IamKeys.policy('events-read'), { policies: ['events-read'] }],
    [IamKeys.group('team/readers'), { groups: ['team/readers'] }],
    [IamKeys.mapping('users', 'uid=ann,dc=example,dc=org'), { parents: ['uid=ann,dc=example,dc=org'] }],
    [IamKeys.mapping('groups', 'cn=staff,dc=example,dc=org'), { groups: ['cn=staff,dc=example,dc=org'] }],
  ])('%s alters only what it names', (key, scope) => {
    expect(accessScopeOfKey(key)).toEqual(scope);
  });

  it.each(['iam/something-new/x', 'iam/users/', 'iam/policies/%E0%A4%A'])('%s alters everyone', (key) => {
    expect(accessScopeOfKey(key)).toEqual({ all: true });
  });
});
