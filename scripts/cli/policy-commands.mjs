// `sts policy …`: canned and custom policies and their attachments.
import { readFileSync } from 'node:fs';
import { groupFromMinio } from './group-commands.mjs';
import { userFromMinio } from './user-commands.mjs';

const ok = (human, json) => ({ human, json: { status: 'success', ...json } });
const SELECTORS = ['user', 'group', 'ldap-user', 'ldap-group'];

/** Exactly one of --user, --group, --ldap-user, --ldap-group. */
function target(options) {
  const chosen = SELECTORS.filter((s) => options[s] !== undefined);
  if (chosen.length !== 1) throw new Error('name exactly one of --user, --group, --ldap-user, --ldap-group');
  const [selector] = chosen;
  return { idp: selector.startsWith('ldap-') ? 'ldap' : 'builtin', field: selector.endsWith('user') ? 'user' : 'group', name: options[selector], selector };
}

const mapping = (verb) => ({
  usage: `sts policy ${verb} <policy>... (--user <ak> | --group <g> | --ldap-user <dn> | --ldap-group <dn>)`,
  summary: `${verb} policies ${verb === 'attach' ? 'to' : 'from'} a user, group, LDAP user DN or LDAP group DN`,
  args: [1, Infinity],
  async run(call, policies, options) {
    const t = target(options);
    const answer = await call('POST', `idp/${t.idp}/policy/${verb}`, {}, { policies, [t.field]: t.name });
    const done = `${verb === 'attach' ? 'Attached' : 'Detached'} \`${policies.join(',')}\` ${verb === 'attach' ? 'to' : 'from'} ${t.selector} \`${t.name}\``;
    // MinIO answers the builtin routes with no body; LDAP ones with what changed (madmin PolicyAssociationResp).
    if (t.idp === 'ldap') return ok(`${done}.`, answer);
    const now = await policiesOf(call, t);
    return ok(`${done}; policies now: ${now.join(',') || '(none)'}`, { policies: now });
  },
});

async function policiesOf(call, t) {
  return t.field === 'user'
    ? userFromMinio(t.name, await call('GET', 'user-info', { accessKey: t.name })).policies
    : groupFromMinio(await call('GET', 'group', { group: t.name })).policies;
}

export const policyCommands = {
  create: {
    usage: 'sts policy create <name> <file.json>',
    summary: 'create or replace a custom policy from an IAM policy document',
    args: [2, 2],
    async run(call, [name, file]) {
      await call('PUT', 'add-canned-policy', { name }, readFileSync(file, 'utf8'));
      return ok(`Created policy \`${name}\` successfully.`, { policy: name });
    },
  },
  delete: {
    usage: 'sts policy delete <name> [--force]',
    summary: 'delete a custom policy; refused while it is attached, unless --force detaches it everywhere first',
    args: [1, 1],
    async run(call, [name], options) {
      await call('DELETE', 'remove-canned-policy', options.force ? { name, force: 'true' } : { name });
      return ok(`Removed policy \`${name}\` successfully.`, { policy: name });
    },
  },
  info: {
    usage: 'sts policy info <name>',
    summary: 'the document of a policy',
    args: [1, 1],
    async run(call, [name]) {
      const info = await call('GET', 'info-canned-policy', { name, v: '2' });
      const dates = info.CreateDate ? { createDate: info.CreateDate, updateDate: info.UpdateDate } : {};
      return ok(JSON.stringify(info.Policy, null, 2), { name: info.PolicyName, policy: info.Policy, ...dates });
    },
  },
  list: {
    usage: 'sts policy list',
    summary: 'every canned and custom policy',
    args: [0, 0],
    async run(call) {
      const policies = Object.keys(await call('GET', 'list-canned-policies')).sort();
      return ok(policies.join('\n'), { policies });
    },
  },
  set: {
    usage: 'sts policy set <policy>[,<policy>...] (--user <ak> | --group <g>)',
    summary: 'replace every policy of a user or group (an empty name removes them all)',
    args: [1, 1],
    async run(call, [names], options) {
      const t = target(options);
      if (t.idp !== 'builtin') throw new Error('set takes --user or --group; use attach/detach for LDAP DNs');
      await call('PUT', 'set-user-or-group-policy', { policyName: names, userOrGroup: t.name, isGroup: String(t.field === 'group') });
      const now = await policiesOf(call, t);
      return ok(`Policies of ${t.selector} \`${t.name}\` now: ${now.join(',') || '(none)'}`, { policies: now });
    },
  },
  attach: mapping('attach'),
  detach: mapping('detach'),
};
