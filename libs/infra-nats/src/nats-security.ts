import { readFileSync } from 'node:fs';
import { nkeyAuthenticator, type ConnectionOptions } from '@nats-io/transport-node';

/** How an app proves who it is to nats-server, and whether the link is TLS (README "Security model"). */
export interface NatsSecurity {
  /** The app's nkey seed file (`STS_NATS_NKEY_SEED_FILE`), re-read at every (re)connect so a rotated seed takes effect. */
  nkeySeedFile?: string;
  /** `NATS_TLS_CA_FILE`, and `NATS_TLS_CERT_FILE` / `NATS_TLS_KEY_FILE` for mutual TLS. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/** Replies to an app's requests come to its private inbox prefix, which only its NATS user may subscribe to. */
export function appInboxPrefix(app: string): string {
  return `_INBOX.${app}`;
}

/** The connect options that carry the app's identity: user (nkey), private inbox prefix, TLS. */
export function natsIdentityOptions(app: string, security: NatsSecurity = {}): Partial<ConnectionOptions> {
  const { nkeySeedFile, tls } = security;
  return {
    inboxPrefix: appInboxPrefix(app),
    ...(nkeySeedFile ? { authenticator: nkeyAuthenticator(() => new TextEncoder().encode(readFileSync(nkeySeedFile, 'utf8').trim())) } : {}),
    ...(tls ? { tls: { ...(tls.caFile ? { caFile: tls.caFile } : {}), ...(tls.certFile ? { certFile: tls.certFile } : {}), ...(tls.keyFile ? { keyFile: tls.keyFile } : {}) } } : {}),
  };
}
