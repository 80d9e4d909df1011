#!/usr/bin/env node
// The `sts` admin CLI, in the habit of `mc admin`: `sts <group> <command> [args] [--json]`.
import { parseArgs } from 'node:util';
import { credsCommands } from './cli/creds-commands.mjs';
import { groupCommands } from './cli/group-commands.mjs';
import { keysCommands } from './cli/keys-commands.mjs';
import { policyCommands } from './cli/policy-commands.mjs';
import { svcacctCommands } from './cli/svcacct-commands.mjs';
import { userCommands } from './cli/user-commands.mjs';

const GROUPS = { user: userCommands, group: groupCommands, policy: policyCommands, svcacct: svcacctCommands, creds: credsCommands, keys: keysCommands };
const OPTIONS = `Options:
  --endpoint <url>       STS endpoint (env STS_ENDPOINT, default http://127.0.0.1:9000)
  --access-key <key>     admin access key (env STS_ACCESS_KEY)
  --secret-key <secret>  admin secret key (env STS_SECRET_KEY)
  --session-token <t>    session token, when the keys are temporary (env STS_SESSION_TOKEN)
  --region <region>      signing region (env MINIO_REGION, default us-east-1)
  --json                 machine-readable output
  -h, --help             this help`;
const listing = (commands) => Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n');
const HELP = `Usage: sts <group> <command> [arguments] [options]\n\n${Object.values(GROUPS).map(listing).join('\n')}\n\n${OPTIONS}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    endpoint: { type: 'string' }, 'access-key': { type: 'string' }, 'secret-key': { type: 'string' }, 'session-token': { type: 'string' }, region: { type: 'string' },
    user: { type: 'string' }, group: { type: 'string' }, provider: { type: 'string' }, type: { type: 'string' }, all: { type: 'boolean' }, force: { type: 'boolean' }, 'ldap-user': { type: 'string' }, 'ldap-group': { type: 'string' },
    key: { type: 'string' }, secret: { type: 'string' }, policy: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, expiry: { type: 'string' }, status: { type: 'string' },
    json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
  },
});

function fail(message, code = 1) {
  if (values.json) process.stdout.write(JSON.stringify({ status: 'error', error: message }) + '\n');
  else process.stderr.write(`sts: ${message}\n`);
  process.exit(code);
}

const [groupName, commandName, ...args] = positionals;
const group = GROUPS[groupName];
const command = group?.[commandName];
if (values.help || !command) {
  if (command) process.stdout.write(`Usage: ${command.usage}\n  ${command.summary}\n\n${OPTIONS}\n`);
  else process.stdout.write((group ? `Usage:\n${listing(group)}\n\n${OPTIONS}` : HELP) + '\n');
  process.exit(values.help || (!groupName && !commandName) ? 0 : 2);
}
const [min, max] = command.args;
if (args.length < min || args.length > max) fail(`usage: ${command.usage}`, 2);

const accessKey = values['access-key'] ?? process.env.STS_ACCESS_KEY;
const secretKey = values['secret-key'] ?? process.env.STS_SECRET_KEY;
if (!accessKey || !secretKey) fail('admin keys are required: set STS_ACCESS_KEY and STS_SECRET_KEY (or --access-key/--secret-key)', 2);

let adminClient;
try {
  ({ adminClient } = await import('./cli/admin-client.mjs'));
} catch (error) {
  fail(`the project is not built (${error.message}); run \`npm run build\` first`);
}
const call = adminClient({
  endpoint: values.endpoint ?? process.env.STS_ENDPOINT ?? 'http://127.0.0.1:9000',
  accessKey, secretKey,
  sessionToken: values['session-token'] ?? (process.env.STS_SESSION_TOKEN || undefined),
  region: values.region ?? process.env.MINIO_REGION ?? 'us-east-1',
});
try {
  const result = await command.run(call, args, values);
  process.stdout.write((values.json ? JSON.stringify(result.json) : result.human) + '\n');
} catch (error) {
  fail(error.code && error.code !== 'Error' ? `${error.code}: ${error.message}` : error.message);
}
