import type { Provider } from '@nestjs/common';
import {
  AdminAuthorizer, CredentialAdmin, EffectivePolicies, GroupAdmin, LongTermIdentities, LookupCredential, MappingAdmin,
  PolicyAdmin, PolicyCatalog, RevokeCredentials, SecretSealer, SigningKeyring, systemClock, UserAdmin,
} from '#domain';
import {
  ETCD, EtcdCredentialStore, EtcdGroupStore, EtcdPolicyMappingStore, EtcdPolicyStore, EtcdUserStore, type EtcdConnection,
} from '#infra-etcd';
import { ISSUER_CONFIG, type IssuerConfig } from './config.js';

/** The etcd-backed IAM stores, built once and shared by every use case. */
export class IamStores {
  readonly users: EtcdUserStore;
  readonly groups: EtcdGroupStore;
  readonly policies: EtcdPolicyStore;
  readonly mappings: EtcdPolicyMappingStore;
  readonly credentials: EtcdCredentialStore;
  constructor(etcd: EtcdConnection) {
    this.users = new EtcdUserStore(etcd);
    this.groups = new EtcdGroupStore(etcd);
    this.policies = new EtcdPolicyStore(etcd);
    this.mappings = new EtcdPolicyMappingStore(etcd);
    this.credentials = new EtcdCredentialStore(etcd);
  }
}

const withStores = <T>(provide: unknown, build: (s: IamStores, sealer: SecretSealer, config: IssuerConfig, catalog: PolicyCatalog, effective: EffectivePolicies) => T): Provider => ({
  provide: provide as never,
  inject: [IamStores, SecretSealer, ISSUER_CONFIG, PolicyCatalog, EffectivePolicies],
  useFactory: build,
});

/** Wiring of the IAM use cases of the issuer (users, groups, policies, mappings, inventory, admin auth). */
export const iamProviders: Provider[] = [
  { provide: IamStores, inject: [ETCD], useFactory: (etcd: EtcdConnection) => new IamStores(etcd) },
  { provide: PolicyCatalog, inject: [IamStores], useFactory: (s: IamStores) => new PolicyCatalog(s.policies) },
  { provide: EffectivePolicies, inject: [IamStores, PolicyCatalog], useFactory: (s: IamStores, c: PolicyCatalog) => new EffectivePolicies(s.users, s.groups, s.mappings, c) },
  {
    provide: LookupCredential,
    inject: [IamStores, SecretSealer, SigningKeyring],
    useFactory: (s: IamStores, sealer: SecretSealer, keyring: SigningKeyring) => new LookupCredential(s.credentials, s.users, sealer, keyring, systemClock),
  },
  withStores(UserAdmin, (s, sealer, config, _c, effective) => new UserAdmin(s.users, s.groups, new RevokeCredentials(s.credentials, systemClock), effective, sealer, systemClock, config.root)),
  withStores(GroupAdmin, (s) => new GroupAdmin(s.groups, s.users, s.mappings, systemClock)),
  withStores(PolicyAdmin, (s, _sealer, _config, catalog) => new PolicyAdmin(s.policies, catalog, systemClock)),
  withStores(MappingAdmin, (s, _sealer, _config, catalog) => new MappingAdmin(s.mappings, catalog, s.users, s.groups)),
  withStores(CredentialAdmin, (s, _sealer, _config, _catalog, effective) => new CredentialAdmin(s.credentials, effective, systemClock)),
  {
    provide: AdminAuthorizer,
    inject: [IamStores, SecretSealer, ISSUER_CONFIG, EffectivePolicies, LookupCredential],
    useFactory: (s: IamStores, sealer: SecretSealer, config: IssuerConfig, effective: EffectivePolicies, lookup: LookupCredential) =>
      new AdminAuthorizer(new LongTermIdentities(config.root, s.users, sealer), { find: (ak, token) => lookup.execute(ak, token) }, effective, systemClock, config.region),
  },
];
