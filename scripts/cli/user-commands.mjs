// `sts user …`: builtin users with long-term keys.
export const userCommands = {
  add: {
    usage: 'sts user add <accessKey> <secretKey>',
    summary: 'create a user (or replace its secret) with long-term keys that can call AssumeRole',
    args: 2,
    async run(call, [accessKey, secretKey]) {
      await call('PUT', 'add-user', { accessKey }, { secretKey, status: 'enabled' });
      return { human: `Added user \`${accessKey}\` successfully.`, json: { status: 'success', accessKey } };
    },
  },
};
