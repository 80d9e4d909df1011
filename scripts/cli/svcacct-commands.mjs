// `sts svcacct …`: service accounts (MinIO's access keys), long-term keys owned by a parent user.
import { readFileSync } from 'node:fs';

const ok = (human, json) => ({ human, json: { status: 'success', ...json } });
const readPolicy = (file) => JSON.parse(readFileSync(file, 'utf8'));
const describe = (ak, i) => [`AccessKey: ${ak}`, `ParentUser: ${i.parentUser}`, `Status: ${i.accountStatus}`, `Name: ${i.name ?? ''}`,
  `Description: ${i.description ?? ''}`, `Expiration: ${i.expiration ?? 'no-expiry'}`, `ImpliedPolicy: ${i.impliedPolicy}`].join('\n');

export const svcacctCommands = {
  add: {
    usage: 'sts svcacct add <parent> [--key <ak>] [--secret <sk>] [--policy <file.json>] [--name <n>] [--description <d>] [--expiry <RFC 3339>]',
    summary: 'create a service account for a user (or root); keys are generated unless given; the policy narrows the parent\'s',
    args: [1, 1],
    async run(call, [parent], o) {
      const request = {
        targetUser: parent, accessKey: o.key, secretKey: o.secret, policy: o.policy && readPolicy(o.policy),
        name: o.name, description: o.description, expiration: o.expiry,
      };
      const { credentials } = await call('PUT', 'add-service-account', {}, JSON.stringify(request));
      const human = [`Access Key: ${credentials.accessKey}`, `Secret Key: ${credentials.secretKey}`, `Expiration: ${credentials.expiration ?? 'no-expiry'}`].join('\n');
      return ok(human, credentials);
    },
  },
  list: {
    usage: 'sts svcacct list <parent>',
    summary: 'the service accounts of a user (or root)',
    args: [1, 1],
    async run(call, [parent]) {
      const { accounts } = await call('GET', 'list-service-accounts', { user: parent });
      // Access keys (madmin v2) or madmin v3 objects, as the server is set to answer.
      const keys = (accounts ?? []).map((a) => (typeof a === 'string' ? a : a.accessKey));
      const details = await Promise.all(keys.map(async (ak) => ({ accessKey: ak, ...(await call('GET', 'info-service-account', { accessKey: ak })) })));
      const lines = details.map((a) => `${a.accountStatus.padEnd(4)} ${a.accessKey.padEnd(21)} ${a.expiration ?? 'no-expiry'} ${a.name ?? ''}`);
      return ok(lines.join('\n') || '(no service accounts)', { accounts: details.map(({ policy, ...a }) => a) });
    },
  },
  info: {
    usage: 'sts svcacct info <accessKey>',
    summary: 'parent, status, expiry and policy of a service account (never its secret)',
    args: [1, 1],
    async run(call, [accessKey]) {
      const info = await call('GET', 'info-service-account', { accessKey });
      const json = { accessKey, ...info, policy: JSON.parse(info.policy) };
      return ok(`${describe(accessKey, info)}\nPolicy: ${JSON.stringify(json.policy, null, 2)}`, json);
    },
  },
  edit: {
    usage: 'sts svcacct edit <accessKey> [--secret <sk>] [--policy <file.json>] [--status on|off] [--name <n>] [--description <d>] [--expiry <RFC 3339>]',
    summary: 'change what is given; the rest stays as it is',
    args: [1, 1],
    async run(call, [accessKey], o) {
      const request = {
        newSecretKey: o.secret, newPolicy: o.policy && readPolicy(o.policy), newStatus: o.status, newName: o.name, newDescription: o.description, newExpiration: o.expiry,
      };
      await call('POST', 'update-service-account', { accessKey }, JSON.stringify(request));
      return ok(`Edited service account \`${accessKey}\` successfully.`, { accessKey });
    },
  },
  remove: {
    usage: 'sts svcacct remove <accessKey>',
    summary: 'delete a service account; its keys stop working at once',
    args: [1, 1],
    async run(call, [accessKey]) {
      await call('DELETE', 'delete-service-account', { accessKey });
      return ok(`Removed service account \`${accessKey}\` successfully.`, { accessKey });
    },
  },
};
