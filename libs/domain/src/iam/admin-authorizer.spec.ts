import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { AdminOperations, AdminSubjects, type AdminSubject, type LiveCredential } from '#contracts';
import { SecretSealer } from '../sealing/secret-sealer.js';
import { signSigV4 } from '../sigv4/index.js';
import { decryptMadminBodyWith, deriveMadminKey, encryptMadminBodyWith, MadminAlgorithm, type MadminKey } from '../madmin-envelope/madmin-envelope.js';
import { FixedClock, InMemoryServiceAccountStore, InMemoryGroupStore, InMemoryPolicyMappingStore, InMemoryPolicyStore, InMemoryUserStore } from '../testing/in-memory-stores.js';
import { AdminAuthorizer } from './admin-authorizer.js';
import { adminOperationOf } from './admin-routes.js';
import { EffectivePolicies } from './effective-policies.js';
import { LongTermIdentities } from '../identity/long-term-identities.js';
import { PolicyCatalog } from './policy-catalog.js';
import { userSecretContext } from '../identity/users.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const ROOT = { accessKey: 'root', secretKey: 'root-secret' };
const sealer = new SecretSealer({ name: 't', key: Buffer.alloc(32, 5) });
const b64 = (claims: object) => Buffer.from(JSON.stringify(claims)).toString('base64url');
const TEMP = { accessKey: 'TEMPKEY0000000000000', secretKey: 'temporary-secret', token: `h.${b64({ parent: 'root', groups: ['ops'], sub: 'alice' })}.s` };
const LOCAL = { sourceIp: '127.0.0.1', secureTransport: false };
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function setup(temporary?: Partial<LiveCredential>) {
  const users = new InMemoryUserStore();
  const mappings = new InMemoryPolicyMappingStore();
  const policies = new InMemoryPolicyStore();
  const effective = new EffectivePolicies(users, new InMemoryGroupStore(), mappings, new PolicyCatalog(policies));
  const live: LiveCredential = {
    accessKey: TEMP.accessKey, secretKey: TEMP.secretKey, sessionTokenSha256: createHash('sha256').update(TEMP.token).digest('hex'),
    parent: 'root', provider: 'root', expiresAt: NOW.getTime() + 60_000, parentStatus: 'enabled', ...temporary,
  };
  const sut = new AdminAuthorizer(new LongTermIdentities(ROOT, users, sealer, new InMemoryServiceAccountStore(), new FixedClock(NOW.getTime())), { find: async (ak) => (ak === TEMP.accessKey ? live : null) }, effective, new FixedClock(NOW.getTime()), undefined);
  const addUser = (accessKey: string, status: 'enabled' | 'disabled' = 'enabled') =>
    users.put({ version: 1, accessKey, secretKey: sealer.seal(`${accessKey}-secret`, userSecretContext(accessKey)), status, createdAt: 0 });
  const grant = async (user: string, name: string, policy: string) => {
    if (policy) await policies.put({ version: 1, name, policy, updatedAt: 0 });
    await mappings.set('users', user, [...(await mappings.get('users', user)), name]);
  };
  return { sut, addUser, grant };
}

interface Keys { accessKey: string; secretKey: string; sessionToken?: string }
const userKeys = (accessKey: string): Keys => ({ accessKey, secretKey: `${accessKey}-secret` });
const TEMP_KEYS: Keys = { accessKey: TEMP.accessKey, secretKey: TEMP.secretKey, sessionToken: TEMP.token };

/** A signed admin HTTP request, as the gateway forwards it: its operation's subject and message. */
function operation(keys: Keys, method: string, route: string, query = '', body = '', client = LOCAL) {
  const path = `/minio/admin/v3/${route}`;
  const headers = signSigV4({ method, host: 'sts:9000', path, query, body }, { ...keys, region: 'us-east-1', service: 's3', now: NOW });
  const signed = { method, path, query, headers: Object.entries(headers), payloadHash: createHash('sha256').update(body).digest('hex') };
  const { route: found, fields } = adminOperationOf(method, path, query, Buffer.from(body));
  const message = AdminOperations[found.subject].request.parse({ ...fields, requestId: 'r', signed, body: Buffer.from(body).toString('base64'), client });
  return { subject: found.subject as AdminSubject, message };
}
/** add-user with madmin's encrypted body, and the key the gateway derived for it (or another). */
// argon2id at 64 MiB takes seconds on a loaded machine: one derivation per signer for the whole file.
const bodyKeys = new Map<string, Promise<MadminKey>>();
function bodyKeyOf(secret: string): Promise<MadminKey> {
  const salt = randomBytes(32);
  const algorithm = MadminAlgorithm.Argon2idAesGcm;
  if (!bodyKeys.has(secret)) bodyKeys.set(secret, deriveMadminKey(secret, salt, algorithm).then((key) => ({ salt, algorithm, key })));
  return bodyKeys.get(secret)!;
}
async function encryptedAddUser(keys: Keys, user: string, bodyKey?: (key: Buffer) => Buffer) {
  const body = encryptMadminBodyWith(await bodyKeyOf(keys.secretKey), Buffer.from('{"secretKey":"new-secret-1"}'));
  const path = '/minio/admin/v3/add-user';
  const query = `accessKey=${user}`;
  const headers = signSigV4({ method: 'PUT', host: 'sts:9000', path, query, body }, { ...keys, region: 'us-east-1', service: 's3', now: NOW });
  const signed = { method: 'PUT', path, query, headers: Object.entries(headers), payloadHash: createHash('sha256').update(body).digest('hex') };
  const derived = await bodyKeyOf(keys.secretKey);
  const { key } = derived;
  const { fields } = adminOperationOf('PUT', path, query, decryptMadminBodyWith(derived, body));
  const envelope = { requestId: 'r', signed, body: body.toString('base64'), ...(bodyKey ? { bodyKey: bodyKey(key).toString('base64') } : {}), client: LOCAL };
  return { subject: AdminSubjects.UsersAdd as AdminSubject, message: AdminOperations[AdminSubjects.UsersAdd].request.parse({ ...fields, ...envelope }) };
}
const run = (sut: AdminAuthorizer, op: ReturnType<typeof operation>) => sut.authorizeOperation(op.subject, op.message as never);
const addUser = (keys: Keys, user: string, client = LOCAL) => operation(keys, 'PUT', 'add-user', `accessKey=${user}`, '{"secretKey":"new-secret-1"}', client);

describe(AdminAuthorizer.name, () => {
  it('reads a madmin-encrypted body with the gateway\'s key for it, or derives one, and refuses a key that does not open it', async () => {
    const { sut } = await setup();
    await expect(run(sut, await encryptedAddUser(ROOT, 'bob', (key) => key))).resolves.toMatchObject({ username: 'root' });
    await expect(run(sut, await encryptedAddUser(ROOT, 'bob'))).resolves.toMatchObject({ username: 'root' });
    await expect(run(sut, await encryptedAddUser(ROOT, 'bob', () => Buffer.alloc(32, 7)))).rejects.toMatchObject({ admin: 'XMinioAdminConfigBadJSON' });
  });

  it('lets the root user do anything and refuses a wrong root signature', async () => {
    const { sut } = await setup();
    await expect(run(sut, addUser(ROOT, 'bob'))).resolves.toMatchObject({ username: 'root' });
    await expect(run(sut, addUser({ ...ROOT, secretKey: 'wrong' }, 'bob'))).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('allows a builtin user exactly the admin actions its policies allow, and nothing while disabled', async () => {
    const { sut, addUser: add, grant } = await setup();
    await add('ops');
    await expect(run(sut, operation(userKeys('ops'), 'GET', 'list-users'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await grant('ops', 'enabler', doc({ Effect: 'Allow', Action: ['admin:EnableUser'] }));
    const enable = operation(userKeys('ops'), 'PUT', 'set-user-status', 'accessKey=bob&status=enabled');
    await expect(run(sut, enable)).resolves.toBeDefined();
    await expect(run(sut, operation(userKeys('ops'), 'PUT', 'set-user-status', 'accessKey=bob&status=disabled'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await add('ops', 'disabled');
    await expect(run(sut, enable)).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('narrows temporary credentials of root by their session policy', async () => {
    const { sut } = await setup({ sessionPolicy: doc({ Effect: 'Allow', Action: ['admin:ListUsers'] }) });
    await expect(run(sut, operation(TEMP_KEYS, 'GET', 'list-users'))).resolves.toMatchObject({ temporary: true, username: 'root' });
    await expect(run(sut, addUser(TEMP_KEYS, 'bob'))).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('refuses temporary credentials with a wrong session token or a disabled parent', async () => {
    await expect(run((await setup()).sut, operation({ ...TEMP_KEYS, sessionToken: 'forged' }, 'GET', 'list-users'))).rejects.toMatchObject({ code: 'InvalidClientTokenId' });
    await expect(run((await setup({ parentStatus: 'disabled' })).sut, operation(TEMP_KEYS, 'GET', 'list-users'))).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  // Issue 11 case 1: a Deny guarded by a condition on the request context must apply to admin calls.
  const allowAll = { Effect: 'Allow', Action: ['admin:*'] };
  const denyCreate = (Condition: object) => ({ Effect: 'Deny', Action: ['admin:CreateUser'], Condition });
  it.each([
    ['IpAddress aws:SourceIp 0.0.0.0/0, ::/0', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } }],
    ['Bool aws:SecureTransport false', { Bool: { 'aws:SecureTransport': 'false' } }],
    ['StringLike aws:username help*', { StringLike: { 'aws:username': 'help*' } }],
    ['StringEquals aws:userid helpdesk', { StringEquals: { 'aws:userid': 'helpdesk' } }],
    ['DateGreaterThan aws:CurrentTime 2026-01-01', { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }],
    ['StringEquals admin:TargetUser boss', { StringEquals: { 'admin:TargetUser': 'boss' } }],
  ])('refuses add-user when Deny admin:CreateUser holds on %s (consoleAdmin beside it)', async (_name, condition) => {
    const { sut, addUser: add, grant } = await setup();
    await add('helpdesk');
    await grant('helpdesk', 'guarded', doc(allowAll, denyCreate(condition)));
    await expect(run(sut, addUser(userKeys('helpdesk'), 'boss'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(run(sut, operation(userKeys('helpdesk'), 'GET', 'list-users'))).resolves.toBeDefined();
  });

  it('offers the parent of a service account being created or listed as admin:TargetUser', async () => {
    const { sut, addUser: add, grant } = await setup();
    await add('helpdesk');
    const fence = { Effect: 'Deny', Action: ['admin:CreateServiceAccount', 'admin:ListServiceAccounts'], Resource: ['arn:aws:s3:::*'], Condition: { StringEquals: { 'admin:TargetUser': 'boss' } } };
    await grant('helpdesk', 'fenced', doc(allowAll, fence));
    const svcFor = (user: string) => operation(userKeys('helpdesk'), 'PUT', 'add-service-account', '', JSON.stringify({ targetUser: user }));
    await expect(run(sut, svcFor('boss'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(run(sut, operation(userKeys('helpdesk'), 'GET', 'list-service-accounts', 'user=boss'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(run(sut, svcFor('carol'))).resolves.toBeDefined();
  });

  it('applies a condition on aws:SourceIp only to the addresses it names', async () => {
    const { sut, addUser: add, grant } = await setup();
    await add('helpdesk');
    await grant('helpdesk', 'office-only', doc(allowAll, { Effect: 'Deny', Action: ['admin:*'], Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] } } }));
    await expect(run(sut, addUser(userKeys('helpdesk'), 'carol', { sourceIp: '10.1.2.3', secureTransport: false }))).resolves.toBeDefined();
    await expect(run(sut, addUser(userKeys('helpdesk'), 'carol', { sourceIp: '192.0.2.7', secureTransport: false }))).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('offers the claims of a temporary credential as jwt: keys', async () => {
    const { sut, grant } = await setup({ parent: 'oidc-parent', provider: 'openid', policies: ['claims'] });
    await grant('nobody', 'claims', doc(allowAll, { Effect: 'Deny', Action: ['admin:CreateUser'], Condition: { 'ForAnyValue:StringEquals': { 'jwt:groups': ['ops'] } } }));
    await expect(run(sut, addUser(TEMP_KEYS, 'bob'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(run(sut, operation(TEMP_KEYS, 'GET', 'list-users'))).resolves.toMatchObject({ claims: expect.objectContaining({ sub: 'alice' }) });
  });

  // Issue 11 case 2 (minio/pkg policy/statement.go isAllowedFor: the request resource "/" matches arn:aws:s3:::*).
  it.each([
    ['add-user', () => addUser(userKeys('ops'), 'bob')],
    ['rotate-signing-key', () => operation(userKeys('ops'), 'POST', 'rotate-signing-key')],
  ])('lets consoleAdmin + Deny NotAction s3:GetObject on arn:aws:s3:::* refuse %s', async (_name, op) => {
    const { sut, addUser: add, grant } = await setup();
    await add('ops');
    await grant('ops', 'fenced', doc({ Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: ['arn:aws:s3:::*'] }));
    await grant('ops', 'consoleAdmin', '');
    await expect(run(sut, op())).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  // Issue 10 item 3: the operation is what was signed, not what the subject or the fields say.
  it('refuses a signed call replayed under another operation, with other fields, or with another body', async () => {
    const { sut } = await setup();
    const list = operation(ROOT, 'GET', 'list-users');
    await expect(sut.authorizeOperation(AdminSubjects.KeysRotate, list.message as never)).rejects.toMatchObject({ code: 'AccessDenied' });
    const add = addUser(ROOT, 'bob');
    await expect(run(sut, { ...add, message: { ...add.message, accessKey: 'mallory' } as never })).rejects.toMatchObject({ code: 'AccessDenied' });
    const otherBody = Buffer.from('{"secretKey":"attacker-1"}').toString('base64');
    await expect(run(sut, { ...add, message: { ...add.message, body: otherBody } as never })).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('never lets a temporary credential change the secret or status of its own parent', async () => {
    const { sut, addUser: add, grant } = await setup({ parent: 'boss', provider: 'builtin' });
    await add('boss');
    await grant('boss', 'admin', doc(allowAll));
    await expect(run(sut, addUser(TEMP_KEYS, 'boss'))).rejects.toMatchObject({ code: 'AccessDenied', message: expect.stringMatching(/derive from/) });
    await expect(run(sut, operation(TEMP_KEYS, 'PUT', 'set-user-status', 'accessKey=boss&status=disabled'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(run(sut, addUser(TEMP_KEYS, 'someone'))).resolves.toBeDefined();
  });
});
