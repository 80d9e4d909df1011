import { Logger, type Provider } from '@nestjs/common';
import { StsError } from '#contracts';
import {
  AdminAuthorizer, CredentialAdmin, EffectivePolicies, GroupAdmin, IssueCredentials, KeyringAdmin, LongTermIdentities, LookupCredential,
  MappingAdmin, PolicyAdmin, PolicyCatalog, RandomPool, RevokeCredentials, SecretSealer, ServiceAccountAdmin, SignerAccess, SigningKeyring, systemClock, UserAdmin,
  type RandomSource,
} from '#domain';
import {
  ETCD, EtcdCredentialStore, EtcdGroupStore, EtcdKeyringStore, EtcdPolicyMappingStore, EtcdPolicyStore, EtcdServiceAccountStore, EtcdUserStore, migrateSealedValues,
  sealerFor, type EtcdConnection,
} from '#infra-etcd';
import { ConfigError } from '#nest-common';
import { ISSUER_CONFIG, type IssuerConfig } from './config.js';

/*
 * The issuer's object graph, read top to bottom: configuration and primitives, the etcd stores,
 * the signing keyring, then the use cases, each built once from what is above it.
 */

/** Access keys, secret keys and keyring secrets: CSPRNG bytes, drawn a pool at a time. */
const random: RandomSource = new RandomPool();

/** The etcd-backed stores, built once and shared by every use case. */
export class IssuerStores {
  readonly users: EtcdUserStore;
  readonly groups: EtcdGroupStore;
  readonly policies: EtcdPolicyStore;
  readonly mappings: EtcdPolicyMappingStore;
  readonly credentials: EtcdCredentialStore;
  readonly keyring: EtcdKeyringStore;
  readonly serviceAccounts: EtcdServiceAccountStore;

  constructor(etcd: EtcdConnection) {
    this.users = new EtcdUserStore(etcd);
    this.groups = new EtcdGroupStore(etcd);
    this.policies = new EtcdPolicyStore(etcd);
    this.mappings = new EtcdPolicyMappingStore(etcd);
    this.credentials = new EtcdCredentialStore(etcd);
    this.keyring = new EtcdKeyringStore(etcd);
    this.serviceAccounts = new EtcdServiceAccountStore(etcd);
  }
}

const config = (value: IssuerConfig): Provider => ({ provide: ISSUER_CONFIG, useValue: value });

/**
 * The configured KMS key, or the scrypt key from the root password and the salt this issuer creates
 * on a first start; values still sealed under the earlier HKDF key are sealed again before anything
 * is served.
 */
const sealer: Provider = {
  provide: SecretSealer,
  inject: [ISSUER_CONFIG, ETCD],
  useFactory: async (c: IssuerConfig, etcd: EtcdConnection) => {
    const sealing = await sealerFor(etcd, c.kms, c.root.secretKey, true);
    const migrated = await migrateSealedValues(etcd, sealing);
    if (migrated > 0) new Logger('SecretSealer').log(`sealed ${migrated} stored secrets again under the scrypt-derived key`);
    return sealing;
  },
};

const stores: Provider = {
  provide: IssuerStores,
  inject: [ETCD],
  useFactory: (etcd: EtcdConnection) => new IssuerStores(etcd),
};

/** Loaded (or created, by the first replica) before anything is served. */
const keyring: Provider = {
  provide: SigningKeyring,
  inject: [IssuerStores, SecretSealer],
  useFactory: (s: IssuerStores, seal: SecretSealer) =>
    new SigningKeyring(s.keyring, seal, random).load(Date.now()).catch((error: Error) => {
      if (error instanceof StsError) throw error;
      // An unseal failure: the keyring was sealed under another key (a changed root password without a KMS key).
      throw new ConfigError('MINIO_KMS_SECRET_KEY', 'the signing keyring in etcd cannot be unsealed with the configured key ' +
        `(${error.message}); set it to the key the data was sealed with — when unset, the key derives from MINIO_ROOT_PASSWORD`);
    }),
};

const issueCredentials: Provider = {
  provide: IssueCredentials,
  inject: [IssuerStores, SigningKeyring, SecretSealer],
  useFactory: (s: IssuerStores, k: SigningKeyring, seal: SecretSealer) => new IssueCredentials(s.credentials, k, seal, systemClock, random),
};

const lookupCredential: Provider = {
  provide: LookupCredential,
  inject: [IssuerStores, SecretSealer, SigningKeyring, ISSUER_CONFIG],
  useFactory: (s: IssuerStores, seal: SecretSealer, k: SigningKeyring, c: IssuerConfig) =>
    new LookupCredential(s.credentials, s.users, seal, k, systemClock, c.root.accessKey),
};

const revokeCredentials: Provider = {
  provide: RevokeCredentials,
  inject: [IssuerStores],
  useFactory: (s: IssuerStores) => new RevokeCredentials(s.credentials, systemClock),
};

const keyringAdmin: Provider = {
  provide: KeyringAdmin,
  inject: [SigningKeyring, IssuerStores],
  useFactory: (k: SigningKeyring, s: IssuerStores) => new KeyringAdmin(k, s.credentials, systemClock),
};

const policyCatalog: Provider = {
  provide: PolicyCatalog,
  inject: [IssuerStores],
  useFactory: (s: IssuerStores) => new PolicyCatalog(s.policies),
};

const effectivePolicies: Provider = {
  provide: EffectivePolicies,
  inject: [IssuerStores, PolicyCatalog],
  useFactory: (s: IssuerStores, catalog: PolicyCatalog) => new EffectivePolicies(s.users, s.groups, s.mappings, catalog),
};

const userAdmin: Provider = {
  provide: UserAdmin,
  inject: [IssuerStores, RevokeCredentials, EffectivePolicies, SecretSealer, ISSUER_CONFIG],
  useFactory: (s: IssuerStores, revoke: RevokeCredentials, effective: EffectivePolicies, seal: SecretSealer, c: IssuerConfig) =>
    new UserAdmin(s.users, s.groups, revoke, effective, seal, systemClock, c.root),
};

const groupAdmin: Provider = {
  provide: GroupAdmin,
  inject: [IssuerStores],
  useFactory: (s: IssuerStores) => new GroupAdmin(s.groups, s.users, s.mappings, systemClock),
};

const policyAdmin: Provider = {
  provide: PolicyAdmin,
  inject: [IssuerStores, PolicyCatalog],
  useFactory: (s: IssuerStores, catalog: PolicyCatalog) => new PolicyAdmin(s.policies, catalog, s.mappings, systemClock),
};

const mappingAdmin: Provider = {
  provide: MappingAdmin,
  inject: [IssuerStores, PolicyCatalog],
  useFactory: (s: IssuerStores, catalog: PolicyCatalog) => new MappingAdmin(s.mappings, catalog, s.users, s.groups),
};

const credentialAdmin: Provider = {
  provide: CredentialAdmin,
  inject: [IssuerStores, EffectivePolicies, RevokeCredentials],
  useFactory: (s: IssuerStores, effective: EffectivePolicies, revoke: RevokeCredentials) => new CredentialAdmin(s.credentials, effective, revoke, systemClock),
};

const serviceAccountAdmin: Provider = {
  provide: ServiceAccountAdmin,
  inject: [IssuerStores, EffectivePolicies, SecretSealer, ISSUER_CONFIG],
  useFactory: (s: IssuerStores, effective: EffectivePolicies, seal: SecretSealer, c: IssuerConfig) =>
    new ServiceAccountAdmin(s.serviceAccounts, s.users, effective, seal, random, systemClock, c.root),
};

/** Admin calls are signed by the root user, a builtin user, a service account, or a temporary credential. */
const adminAuthorizer: Provider = {
  provide: AdminAuthorizer,
  inject: [IssuerStores, SecretSealer, ISSUER_CONFIG, EffectivePolicies, LookupCredential],
  useFactory: (s: IssuerStores, seal: SecretSealer, c: IssuerConfig, effective: EffectivePolicies, lookup: LookupCredential) => {
    const identities = new LongTermIdentities(c.root, s.users, seal, s.serviceAccounts, systemClock);
    const temporary = { find: (accessKey: string, token: string) => lookup.execute(accessKey, token) };
    return new AdminAuthorizer(identities, temporary, effective, systemClock, c.region);
  },
};

/** Gateways verify and authorize S3 calls themselves: signers' secrets and current access, on a cache miss. */
const signerAccess: Provider = {
  provide: SignerAccess,
  inject: [IssuerStores, SecretSealer, ISSUER_CONFIG, EffectivePolicies, LookupCredential],
  useFactory: (s: IssuerStores, seal: SecretSealer, c: IssuerConfig, effective: EffectivePolicies, lookup: LookupCredential) =>
    new SignerAccess(lookup, new LongTermIdentities(c.root, s.users, seal, s.serviceAccounts, systemClock), s.credentials, effective, c.root.accessKey),
};

export const issuerProviders = (value: IssuerConfig): Provider[] => [
  config(value), sealer, stores, keyring,
  issueCredentials, lookupCredential, revokeCredentials, keyringAdmin,
  policyCatalog, effectivePolicies, userAdmin, groupAdmin, policyAdmin, mappingAdmin, credentialAdmin, serviceAccountAdmin, adminAuthorizer,
  signerAccess,
];
