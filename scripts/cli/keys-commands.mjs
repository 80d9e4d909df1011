// `sts keys …`: the keyring that signs session tokens.
const describe = ({ active, keys }) => keys.map((k) => `${k.kid}  ${k.state.padEnd(11)} created ${k.createdAt}${k.retireAt ? `  retires ${k.retireAt}` : ''}${k.kid === active ? '  (signing)' : ''}`).join('\n');

export const keysCommands = {
  rotate: {
    usage: 'sts keys rotate',
    summary: 'make a new signing key active; older keys stay until the credentials they signed expire',
    args: [0, 0],
    async run(call) {
      const view = await call('POST', 'rotate-signing-key');
      return { human: `Rotated: new active key ${view.active}\n${describe(view)}`, json: { status: 'success', ...view } };
    },
  },
  list: {
    usage: 'sts keys list',
    summary: 'the signing keys, their state and when retired keys go',
    args: [0, 0],
    async run(call) {
      const view = await call('GET', 'signing-keys');
      return { human: describe(view), json: { status: 'success', ...view } };
    },
  },
};
