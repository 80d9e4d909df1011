import type { OnApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { OpenIdProviderDirectory, systemClock, type OpenIdProvider, type OpenIdProviderConfig } from '#domain';
import type { IdpClientOptions, IdpLog, TokenRules } from './idp-options.js';
import { JwtIdentityVerifier } from './jwt-identity-verifier.js';
import { OpenIdProviderConnection } from './openid-provider-connection.js';

export interface OpenIdPoolSettings {
  providers: OpenIdProviderConfig[];
  client: IdpClientOptions;
  rules: TokenRules;
}

/** Every configured provider with its connection and verifier; warms them at boot, stops their timers at shutdown. */
export class OpenIdProviderPool implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly directory: OpenIdProviderDirectory;
  private readonly connections: OpenIdProviderConnection[] = [];

  constructor(settings: OpenIdPoolSettings, log: IdpLog) {
    const providers: OpenIdProvider[] = settings.providers.map((config) => {
      const connection = new OpenIdProviderConnection(config.configUrl, settings.client, log);
      this.connections.push(connection);
      return { config, verifier: new JwtIdentityVerifier(config, connection, settings.rules, systemClock) };
    });
    this.directory = new OpenIdProviderDirectory(providers);
  }

  onApplicationBootstrap(): void {
    for (const connection of this.connections) connection.start();
  }

  onApplicationShutdown(): void {
    for (const connection of this.connections) connection.stop();
  }
}
