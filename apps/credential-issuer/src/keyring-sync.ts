import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events } from '#contracts';
import { KeyringAdmin, SigningKeyring } from '#domain';
import { StsClient } from '#infra-nats';

/** Retired keys are looked for this often; a rotation also prunes at once. */
const PRUNE_INTERVAL_MS = 10 * 60_000;

/** Keeps every issuer replica signing with the current key, and retires keys nobody needs any more. */
@Injectable()
export class KeyringSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KeyringSync.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly keyring: SigningKeyring, private readonly admin: KeyringAdmin, private readonly events: StsClient) {}

  onApplicationBootstrap(): void {
    this.events.subscribe(Events.KeyringChanged, () => {
      this.keyring.load(Date.now()).catch((error: Error) => this.logger.error(`could not reload the keyring: ${error.message}`));
    });
    this.timer = setInterval(() => this.prune(), PRUNE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private prune(): void {
    this.admin.prune()
      .then((retired) => retired.length > 0 && this.logger.log(`retired signing keys ${retired.join(', ')}`))
      .catch((error: Error) => this.logger.warn(`could not prune the keyring: ${error.message}`));
  }
}
