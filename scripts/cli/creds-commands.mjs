// `sts creds …`: the inventory of live temporary credentials (no secrets are ever shown).
const ok = (human, json) => ({ human, json: { status: 'success', ...json } });

export const credsCommands = {
  list: {
    usage: 'sts creds list [--user <parent>]',
    summary: 'live temporary credentials, of one parent user or of everyone',
    args: [0, 0],
    async run(call, _args, options) {
      const { credentials } = await call('GET', 'temporary-accounts', options.user ? { user: options.user } : {});
      const lines = credentials.map((c) => `${c.accessKey}  ${c.expiration}  ${c.provider.padEnd(8)} ${c.parent}`);
      return ok(lines.join('\n') || '(no live temporary credentials)', { credentials });
    },
  },
  info: {
    usage: 'sts creds info <accessKey>',
    summary: 'parent, expiry, and the effective policy of a temporary credential, computed now',
    args: [1, 1],
    async run(call, [accessKey]) {
      const info = await call('GET', 'temporary-account-info', { accessKey });
      const human = [
        `AccessKey: ${info.accessKey}`, `ParentUser: ${info.parent}`, `Provider: ${info.provider}`, `AccountStatus: ${info.accountStatus}`,
        `Expiration: ${info.expiration}`, `ImpliedPolicy: ${info.impliedPolicy}`, `Policies: ${info.policies.join(',') || '(none)'}`,
        `EffectivePolicy: ${JSON.stringify(info.effectivePolicy, null, 2)}`,
      ].join('\n');
      return ok(human, info);
    },
  },
};
