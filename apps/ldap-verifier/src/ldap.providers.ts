import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { AppNames, Subjects } from '#contracts';
import {
  AssumeRoleWithLdap, checkDirectory, DirectoryLogin, EffectivePolicies, LdapConfigError, LoginThrottle, PolicyCatalog,
  type LoginFailureBudget,
} from '#domain';
import { ETCD, EtcdGroupStore, EtcdPolicyMappingStore, EtcdPolicyStore, EtcdUserStore, type EtcdConnection } from '#infra-etcd';
import { LdapDirectory } from '#infra-ldap';
import { natsCredentialMinter, StsClient } from '#infra-nats';
import { ConfigError, exitWithConfigError } from '#nest-common';
import { ldapVariable, type LdapVerifierConfig } from './config.js';

export const DIRECTORY = Symbol('DIRECTORY');

/** The directory, checked online before the app serves (MinIO validates at start too); none when LDAP is off. */
async function openDirectory(config: LdapVerifierConfig): Promise<LdapDirectory | undefined> {
  if (!config.ldap) return undefined;
  const directory = new LdapDirectory({ settings: config.ldap, ...config.directory });
  try {
    await checkDirectory(directory, config.ldap);
    return directory;
  } catch (error) {
    await directory.close();
    if (error instanceof LdapConfigError) exitWithConfigError(AppNames.LdapVerifier, new ConfigError(ldapVariable(error.key), error.message));
    throw error;
  }
}

@Injectable()
export class DirectoryShutdown implements OnApplicationShutdown {
  constructor(@Inject(DIRECTORY) private readonly directory: LdapDirectory | undefined) {}
  async onApplicationShutdown(): Promise<void> {
    await this.directory?.close();
  }
}

/** Budgets are reserved and released through the issuer, the only etcd writer, atomically there. */
function failureBudget(client: StsClient): LoginFailureBudget {
  return {
    reserve: async (keys, windowSeconds) => (await client.request(Subjects.LoginFailuresReserve, { keys: [...keys], windowSeconds })).reservation,
    release: async (held) => {
      await client.request(Subjects.LoginFailuresRelease, { reservations: held.map(({ keys, reservation }) => ({ keys: [...keys], reservation })) });
    },
  };
}

/** Policies come from the user-DN and group-DN mappings in etcd, read on every login. */
function directoryPolicies(etcd: EtcdConnection): EffectivePolicies {
  return new EffectivePolicies(new EtcdUserStore(etcd), new EtcdGroupStore(etcd), new EtcdPolicyMappingStore(etcd), new PolicyCatalog(new EtcdPolicyStore(etcd)));
}

export function ldapProviders(config: LdapVerifierConfig): Provider[] {
  return [
    { provide: DIRECTORY, useFactory: () => openDirectory(config) },
    DirectoryShutdown,
    {
      provide: AssumeRoleWithLdap,
      inject: [DIRECTORY, ETCD, StsClient],
      useFactory: (directory: LdapDirectory | undefined, etcd: EtcdConnection, client: StsClient) => {
        const login = directory && config.ldap ? new DirectoryLogin(directory, config.ldap) : undefined;
        return new AssumeRoleWithLdap(login, new LoginThrottle(failureBudget(client), config.limits), directoryPolicies(etcd), natsCredentialMinter(client));
      },
    },
  ];
}
