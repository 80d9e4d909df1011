import { AdminSubjects, type AdminRequest, type AdminSubject } from '#contracts';

/** The `admin:` action each admin operation needs, with MinIO's names (minio/pkg policy/admin-action.go). */
export const ADMIN_ACTIONS: { [S in AdminSubject]: string | ((request: AdminRequest<S>) => string | string[]) } = {
  [AdminSubjects.UsersAdd]: 'admin:CreateUser',
  [AdminSubjects.UsersRemove]: 'admin:DeleteUser',
  [AdminSubjects.UsersSetStatus]: (r) => (r.status === 'enabled' ? 'admin:EnableUser' : 'admin:DisableUser'),
  [AdminSubjects.UsersInfo]: 'admin:GetUser',
  [AdminSubjects.UsersList]: 'admin:ListUsers',
  [AdminSubjects.GroupsUpdateMembers]: (r) => (r.isRemove ? 'admin:RemoveUserFromGroup' : 'admin:AddUserToGroup'),
  [AdminSubjects.GroupsInfo]: 'admin:GetGroup',
  [AdminSubjects.GroupsList]: 'admin:ListGroups',
  [AdminSubjects.GroupsSetStatus]: (r) => (r.status === 'enabled' ? 'admin:EnableGroup' : 'admin:DisableGroup'),
  [AdminSubjects.PoliciesCreate]: 'admin:CreatePolicy',
  // --force detaches the policy everywhere first: that is attaching too.
  [AdminSubjects.PoliciesDelete]: (r) => (r.force ? ['admin:DeletePolicy', 'admin:AttachUserOrGroupPolicy'] : 'admin:DeletePolicy'),
  [AdminSubjects.PoliciesInfo]: 'admin:GetPolicy',
  [AdminSubjects.PoliciesList]: 'admin:ListUserPolicies',
  [AdminSubjects.PolicyMappingsAttach]: 'admin:AttachUserOrGroupPolicy',
  [AdminSubjects.PolicyMappingsDetach]: 'admin:AttachUserOrGroupPolicy',
  [AdminSubjects.PolicyMappingsSet]: 'admin:AttachUserOrGroupPolicy',
  // MinIO accepts any one of ListGroups, ListUsers, ListUserPolicies; we ask for the policy one.
  [AdminSubjects.PolicyMappingsEntities]: 'admin:ListUserPolicies',
  [AdminSubjects.ServiceAccountsAdd]: 'admin:CreateServiceAccount',
  [AdminSubjects.ServiceAccountsList]: 'admin:ListServiceAccounts',
  [AdminSubjects.ServiceAccountsInfo]: 'admin:ListServiceAccounts',
  [AdminSubjects.ServiceAccountsUpdate]: 'admin:UpdateServiceAccount',
  [AdminSubjects.ServiceAccountsDelete]: 'admin:RemoveServiceAccount',
  [AdminSubjects.CredentialsList]: 'admin:ListTemporaryAccounts',
  [AdminSubjects.CredentialsInfo]: 'admin:ListTemporaryAccounts',
  // MinIO's revoke-tokens requires admin:RemoveServiceAccount to revoke someone else's tokens.
  [AdminSubjects.CredentialsRevoke]: 'admin:RemoveServiceAccount',
  // MinIO has no keyring API; rotating it is a configuration change, reading it server info.
  [AdminSubjects.KeysRotate]: 'admin:ConfigUpdate',
  [AdminSubjects.KeysList]: 'admin:ServerInfo',
  [AdminSubjects.ServerInfo]: 'admin:ServerInfo',
  // Any authenticated identity may read its own account (MinIO AccountInfoHandler checks no action).
  [AdminSubjects.AccountInfo]: () => [],
  [AdminSubjects.AccessKeysList]: (r) => [
    ...(r.listType === 'sts-only' ? [] : ['admin:ListServiceAccounts']), ...(r.listType === 'svcacc-only' ? [] : ['admin:ListTemporaryAccounts']),
  ],
};

/** Every action the operation needs; all must be allowed. */
export function adminActionsFor<S extends AdminSubject>(subject: S, request: AdminRequest<S>): string[] {
  const action = ADMIN_ACTIONS[subject] as string | ((request: AdminRequest<S>) => string | string[]);
  return [typeof action === 'string' ? action : action(request)].flat();
}
