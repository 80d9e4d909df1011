// `sts user …`: builtin users with long-term keys.
const ok = (human, json) => ({ human, json: { status: 'success', ...json } });
/** madmin UserInfo → our CLI's user: the access key, the policies as a list, memberOf always a list. */
const fromMinio = (accessKey, u) => ({
  accessKey, status: u.status, policies: u.policyName ? u.policyName.split(',') : [], memberOf: u.memberOf ?? [], updatedAt: u.updatedAt,
});
const describe = (u) => [`AccessKey: ${u.accessKey}`, `Status: ${u.status}`, `PolicyName: ${u.policies.join(',')}`, `MemberOf: ${u.memberOf.join(',')}`].join('\n');

export { fromMinio as userFromMinio };

export const userCommands = {
  add: {
    usage: 'sts user add <accessKey> <secretKey>',
    summary: 'create a user (or replace its secret) with long-term keys that can call AssumeRole',
    args: [2, 2],
    async run(call, [accessKey, secretKey]) {
      await call('PUT', 'add-user', { accessKey }, { secretKey });
      return ok(`Added user \`${accessKey}\` successfully.`, { accessKey });
    },
  },
  remove: {
    usage: 'sts user remove <accessKey>',
    summary: 'delete a user and its policy mapping; its temporary credentials stop working',
    args: [1, 1],
    async run(call, [accessKey]) {
      await call('DELETE', 'remove-user', { accessKey });
      return ok(`Removed user \`${accessKey}\` successfully.`, { accessKey });
    },
  },
  enable: {
    usage: 'sts user enable <accessKey>',
    summary: 'enable a user',
    args: [1, 1],
    async run(call, [accessKey]) {
      await call('PUT', 'set-user-status', { accessKey, status: 'enabled' });
      return ok(`Enabled user \`${accessKey}\` successfully.`, { accessKey, userStatus: 'enabled' });
    },
  },
  disable: {
    usage: 'sts user disable <accessKey>',
    summary: 'disable a user; its temporary credentials stop working at once',
    args: [1, 1],
    async run(call, [accessKey]) {
      await call('PUT', 'set-user-status', { accessKey, status: 'disabled' });
      return ok(`Disabled user \`${accessKey}\` successfully.`, { accessKey, userStatus: 'disabled' });
    },
  },
  info: {
    usage: 'sts user info <accessKey>',
    summary: 'status, policies and groups of a user',
    args: [1, 1],
    async run(call, [accessKey]) {
      const user = fromMinio(accessKey, await call('GET', 'user-info', { accessKey }));
      return ok(describe(user), user);
    },
  },
  list: {
    usage: 'sts user list',
    summary: 'every user with its status and policies',
    args: [0, 0],
    async run(call) {
      const users = Object.entries(await call('GET', 'list-users')).map(([accessKey, u]) => fromMinio(accessKey, u));
      const lines = users.map((u) => `${u.status.padEnd(9)} ${u.accessKey.padEnd(21)} ${u.policies.join(',')}`);
      return ok(lines.join('\n') || '(no users)', { users });
    },
  },
};
