import { randomBytes } from 'node:crypto';
import {
  credentialSecretContext, derivePasswordKey, legacyPasswordKey, PASSWORD_KDF, SecretSealer, serviceAccountSecretContext, signingKeyContext,
  userSecretContext,
  type MasterKey, type SealedSecret,
} from '#domain';
import { isJsonCredentialRecord } from './credential-record-codec.js';
import type { EtcdConnection } from './etcd-client.js';
import { withStorageErrors } from './etcd-errors.js';

/** The salt and parameters of the password-derived sealing key, written once by the first issuer. */
export const SEALING_KDF_KEY = 'sts/sealing/kdf';

interface KdfRecord {
  version: 1;
  algorithm: typeof PASSWORD_KDF.algorithm;
  N: number;
  r: number;
  p: number;
  salt: string;
}

/** How a verifier waits for the issuer to write the salt on a first start. */
const SALT_WAIT_MS = 30_000;

/**
 * The sealer of an app: the configured KMS key, or a key derived from the root password with scrypt
 * and the deployment's salt (created here by the issuer, `create`, and only read by the others).
 */
export async function sealerFor(etcd: EtcdConnection, kms: { key?: MasterKey }, rootPassword: string, create: boolean): Promise<SecretSealer> {
  if (kms.key) return new SecretSealer(kms.key);
  const salt = create ? await createdSalt(etcd) : await waitForSalt(etcd);
  return new SecretSealer(derivePasswordKey(rootPassword, salt), legacyPasswordKey(rootPassword));
}

async function readSalt(etcd: EtcdConnection): Promise<Buffer | null> {
  const raw = await withStorageErrors('sealing salt read', () => etcd.keys.get(SEALING_KDF_KEY).string());
  if (raw === null) return null;
  const record = JSON.parse(raw) as KdfRecord;
  const { algorithm, N, r, p } = PASSWORD_KDF;
  if (record.algorithm !== algorithm || record.N !== N || record.r !== r || record.p !== p) {
    throw new Error(`${SEALING_KDF_KEY} names ${record.algorithm} N=${record.N} r=${record.r} p=${record.p}; this release derives with ${algorithm} N=${N} r=${r} p=${p}`);
  }
  return Buffer.from(record.salt, 'base64');
}

/** Writes a fresh salt unless one exists (replicas starting together agree on the first), then reads it. */
async function createdSalt(etcd: EtcdConnection): Promise<Buffer> {
  const { algorithm, N, r, p, saltLength } = PASSWORD_KDF;
  const record: KdfRecord = { version: 1, algorithm, N, r, p, salt: randomBytes(saltLength).toString('base64') };
  await withStorageErrors('sealing salt write', () =>
    etcd.keys.if(SEALING_KDF_KEY, 'Create', '==', 0).then(etcd.keys.put(SEALING_KDF_KEY).value(JSON.stringify(record))).commit());
  const salt = await readSalt(etcd);
  if (!salt) throw new Error(`${SEALING_KDF_KEY} vanished right after it was written`);
  return salt;
}

async function waitForSalt(etcd: EtcdConnection): Promise<Buffer> {
  const deadline = Date.now() + SALT_WAIT_MS;
  for (;;) {
    const salt = await readSalt(etcd);
    if (salt) return salt;
    if (Date.now() > deadline) throw new Error(`no ${SEALING_KDF_KEY} in etcd after ${SALT_WAIT_MS} ms: start the credential-issuer, which creates it`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Where sealed values live, the field that holds one, and the context it is bound to. */
const SEALED_RECORDS: Array<{ prefix: string; field: string; context: (record: Record<string, unknown>) => string }> = [
  { prefix: 'iam/users/', field: 'secretKey', context: (r) => userSecretContext(String(r.accessKey)) },
  { prefix: 'iam/service-accounts/', field: 'secretKey', context: (r) => serviceAccountSecretContext(String(r.accessKey)) },
  { prefix: 'sts/keyring/', field: 'secret', context: (r) => signingKeyContext(String(r.kid)) },
  { prefix: 'sts/credentials/', field: 'secretKey', context: (r) => credentialSecretContext(String(r.accessKey)) },
];

/**
 * Seals again, under the current key, every value still sealed under the legacy password key (and
 * so still named with its fingerprint). Each record is replaced only if unchanged since it was read,
 * under its own lease; returns how many were migrated. Idempotent: run by every issuer start.
 */
export async function migrateSealedValues(etcd: EtcdConnection, sealer: SecretSealer): Promise<number> {
  let migrated = 0;
  for (const { prefix, field, context } of SEALED_RECORDS) {
    const { kvs } = await withStorageErrors('sealed value read', () => etcd.keys.getAll().prefix(prefix).exec());
    for (const kv of kvs) {
      // Compact credential records (credential-record-codec.ts) came after the legacy key: never under it.
      if (!isJsonCredentialRecord(kv.value)) continue;
      const record = JSON.parse(kv.value.toString('utf8')) as Record<string, unknown>;
      const sealed = record[field] as SealedSecret | undefined;
      if (!sealed || !sealer.needsResealing(sealed)) continue;
      const key = kv.key.toString('utf8');
      const value = JSON.stringify({ ...record, [field]: sealer.reseal(sealed, context(record)) });
      const put = kv.lease === '0' ? etcd.keys.put(key).value(value) : etcd.keys.put(key).value(value).lease(kv.lease);
      const result = await withStorageErrors('sealed value write', () => etcd.keys.if(key, 'Mod', '==', kv.mod_revision).then(put).commit());
      if (result.succeeded) migrated++;
    }
  }
  return migrated;
}
