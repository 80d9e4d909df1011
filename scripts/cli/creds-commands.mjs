// `sts creds …`: the inventory of live temporary credentials (no secrets are ever shown).
const ok = (human, json) => ({ human, json: { status: 'success', ...json } });

export const credsCommands = {
  list: {
    usage: 'sts creds list [--user <parent>] [--provider <root|builtin|openid|ldap>]',
    summary: 'live temporary credentials, of one parent user or provider, or of everyone',
    args: [0, 0],
    async run(call, _args, options) {
      const query = Object.fromEntries(['user', 'provider'].filter((k) => options[k]).map((k) => [k, options[k]]));
      const { credentials } = await call('GET', 'temporary-accounts', query);
      const lines = credentials.map((c) => `${c.accessKey}  ${c.expiration}  ${c.provider.padEnd(8)} ${c.parent}`);
      return ok(lines.join('\n') || '(no live temporary credentials)', { credentials });
    },
  },
  info: {
    usage: 'sts creds info <accessKey>',
    summary: 'parent, expiry, and the effective policy of a temporary credential, computed now',
    args: [1, 1],
    async run(call, [accessKey]) {
      const minio = await call('GET', 'temporary-account-info', { accessKey });
      const info = {
        accessKey: minio.accessKey, parent: minio.parentUser, provider: minio.provider, roleSessionName: minio.roleSessionName,
        accountStatus: minio.accountStatus === 'on' ? 'enabled' : 'disabled', expiration: minio.expiration, impliedPolicy: minio.impliedPolicy,
        policies: minio.policies, effectivePolicy: minio.effectivePolicy,
      };
      const human = [
        `AccessKey: ${info.accessKey}`, `ParentUser: ${info.parent}`, `Provider: ${info.provider}`, `AccountStatus: ${info.accountStatus}`,
        `Expiration: ${info.expiration}`, `ImpliedPolicy: ${info.impliedPolicy}`, `Policies: ${info.policies.join(',') || '(none)'}`,
        `EffectivePolicy: ${JSON.stringify(info.effectivePolicy, null, 2)}`,
      ].join('\n');
      return ok(human, info);
    },
  },
};

/** Exactly one way to choose what to revoke. */
function revokeSelector(args, options) {
  const ways = [args.length === 1, options.user !== undefined, options.provider !== undefined, options.all === true].filter(Boolean).length;
  if (ways !== 1) throw new Error('name exactly one of <accessKey>, --user <parent> [--type <t>], --provider <name>, --all');
  if (options.type !== undefined && options.user === undefined) throw new Error('--type needs --user');
  if (args.length === 1) return { accessKey: args[0] };
  if (options.user !== undefined) return options.type === undefined ? { user: options.user } : { user: options.user, tokenRevokeType: options.type };
  return options.provider !== undefined ? { provider: options.provider } : { all: true };
}

credsCommands.revoke = {
  usage: 'sts creds revoke (<accessKey> | --user <parent> [--type <TokenRevokeType>] | --provider <name> | --all)',
  summary: 'revoke temporary credentials; every gateway rejects them at once',
  args: [0, 1],
  async run(call, args, options) {
    const selector = revokeSelector(args, options);
    const { revoked } = await call('POST', 'revoke-credentials', {}, selector);
    return { human: `Revoked ${revoked} temporary credential${revoked === 1 ? '' : 's'}.`, json: { status: 'success', revoked } };
  },
};
