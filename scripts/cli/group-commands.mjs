// `sts group …`: builtin groups of users.
const ok = (human, json) => ({ human, json: { status: 'success', ...json } });

/** madmin GroupDesc → our CLI's group: members and policies as lists. */
export const groupFromMinio = (g) => ({ name: g.name, status: g.status, members: g.members ?? [], policies: g.policy ? g.policy.split(',') : [], updatedAt: g.updatedAt });

const status = (verb, value) => ({
  usage: `sts group ${verb} <group>`,
  summary: `${verb} a group; ${value === 'enabled' ? 'its members get its policies again' : 'its members lose its policies'}`,
  args: [1, 1],
  async run(call, [group]) {
    await call('PUT', 'set-group-status', { group, status: value });
    return ok(`${value === 'enabled' ? 'Enabled' : 'Disabled'} group \`${group}\` successfully.`, { group, groupStatus: value });
  },
});

export const groupCommands = {
  add: {
    usage: 'sts group add <group> <member>...',
    summary: 'add users to a group, creating it if needed',
    args: [2, Infinity],
    async run(call, [group, ...members]) {
      await call('PUT', 'update-group-members', {}, { group, members, isRemove: false });
      return ok(`Added members \`${members.join(',')}\` to group \`${group}\` successfully.`, { group, members });
    },
  },
  remove: {
    usage: 'sts group remove <group> [<member>...]',
    summary: 'remove users from a group; without members, remove the (empty) group',
    args: [1, Infinity],
    async run(call, [group, ...members]) {
      await call('PUT', 'update-group-members', {}, { group, members, isRemove: true });
      const human = members.length ? `Removed members \`${members.join(',')}\` from group \`${group}\` successfully.` : `Removed group \`${group}\` successfully.`;
      return ok(human, { group, members });
    },
  },
  info: {
    usage: 'sts group info <group>',
    summary: 'members and policies of a group',
    args: [1, 1],
    async run(call, [group]) {
      const info = groupFromMinio(await call('GET', 'group', { group }));
      return ok([`Group: ${info.name}`, `Status: ${info.status}`, `Policy: ${info.policies.join(',')}`, `Members: ${info.members.join(',')}`].join('\n'), info);
    },
  },
  list: {
    usage: 'sts group list',
    summary: 'every group',
    args: [0, 0],
    async run(call) {
      const groups = (await call('GET', 'groups')) ?? [];
      return ok(groups.join('\n') || '(no groups)', { groups });
    },
  },
  enable: status('enable', 'enabled'),
  disable: status('disable', 'disabled'),
};
