import type { ExitInfo } from './processes.mjs';

export interface ServerHandle {
  /** nats://127.0.0.1:<port> or http://127.0.0.1:<clientPort> */
  url: string;
  pid: number | undefined;
  logFile: string | undefined;
  exited: Promise<ExitInfo>;
  tail(): string;
  /** Sends `signal` (default SIGTERM) at once, e.g. SIGKILL to make it vanish mid-request. */
  kill(signal?: NodeJS.Signals): boolean;
  /** SIGTERM, SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

/** GOGC given to nats-server and etcd when the launcher's environment sets none. */
export const GO_SERVER_GOGC: string;
/** The launcher's environment (default process.env) plus GOGC=GO_SERVER_GOGC unless it sets one. */
export function goServerEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function findBinary(name: string): string | null;
export function ensureBinaries(options?: { need?: string[] }): Record<string, string>;
export function freePorts(count: number): Promise<number[]>;
export function freePort(): Promise<number>;
export function isPortFree(port: number, host?: string): Promise<boolean>;
export function startNats(options: { port: number; logFile?: string; host?: string; configFile?: string }): Promise<ServerHandle>;
export function startEtcd(options: {
  clientPort: number;
  peerPort: number;
  dataDir: string;
  logFile?: string;
  /** Test-only election timing: ready in ~0.1 s instead of ~1 s. */
  fast?: boolean;
  name?: string;
  /** --initial-cluster (`name=peerUrl,…`) when this is one member of a cluster; default: this member alone. */
  initialCluster?: string;
  /** etcd's --auth-token (store-users.mjs makes a JWT one). */
  authToken?: string;
  /** --auto-compaction-retention in periodic mode; default '1h'. */
  compactionRetention?: string;
  /** --quota-backend-bytes; default 2 GiB. */
  quotaBackendBytes?: number;
}): Promise<ServerHandle>;
export interface SlapdHandle extends ServerHandle {
  /** ldaps://127.0.0.1:<tlsPort>, when one was asked for. */
  ldapsUrl: string | undefined;
}
export function startSlapd(options: {
  port: number;
  /** Also serve LDAPS here (needs `tls`). */
  tlsPort?: number;
  /** Holds slapd.d and the database; a second start on the same dir reuses them. */
  dir: string;
  suffix: string;
  rootDn: string;
  rootPassword: string;
  /** The entries, loaded on the first start. */
  ldif: string;
  /** PEM files; with them slapd offers StartTLS (and LDAPS on tlsPort). */
  tls?: { certFile: string; keyFile: string };
  logFile?: string;
}): Promise<SlapdHandle>;
