import type { AppHandle } from './apps.mjs';

export type { AppHandle } from './apps.mjs';

export const TEST_ROOT_USER: string;
export const TEST_ROOT_PASSWORD: string;
/** MinIO's `<key-name>:<base64 of 32 bytes>` format; the bytes are 0, 1, …, 31. */
export const TEST_KMS_SECRET_KEY: string;

export interface StackOptions {
  /** Replicas per app name; 1 for each app not named. */
  replicas?: Partial<Record<string, number>>;
  /** Added to (and overriding) the stack's environment for every app. */
  env?: Record<string, string>;
  /** Overrides of the etcd start options, e.g. `{ compactionRetention: '2s' }`. */
  etcd?: { compactionRetention?: string; quotaBackendBytes?: number };
  /** Start the embedded S3 backend (s3rver) and point every gateway at it (STS_S3_BACKEND_URL). */
  s3?: boolean;
  /** Every app records a CPU profile and writes `<dir>/<app>-<instance>.cpuprofile` when stopped. */
  cpuProfileDir?: string;
}

export interface StackProcess {
  /** `nats-server`, `etcd` or `<app>-<instance>`. */
  name: string;
  pid: number | undefined;
}

export interface Stack {
  natsUrl: string;
  etcdEndpoint: string;
  /** Base URL of every gateway instance started so far (instance 1 first); kept while one is stopped. */
  gateways: string[];
  env: Record<string, string>;
  /** Each app's NATS user (an nkey): the seed file the app reads and the public key nats-server knows. */
  natsUsers: Record<string, { seedFile: string; publicKey: string }>;
  /** etcd's root login (auth is on; each app has its own user with a prefix-scoped role). */
  etcdAuth: { username: string; password: string };
  /** The temp dir holding etcd's data and one log file per process. */
  dir: string;
  /** Running app handles. */
  apps: AppHandle[];
  /** Starts an instance (default: the next unused number); a restarted gateway keeps its port. */
  startApp(app: string, instance?: number): Promise<AppHandle>;
  stopApp(handle: AppHandle): Promise<void>;
  stopNats(): Promise<void>;
  /** nats-server again on the same port; the apps reconnect by themselves. */
  startNatsAgain(): Promise<void>;
  stopEtcd(): Promise<void>;
  /** Starts the same etcd (same data); `overrides`, e.g. ports the apps do not know, apply to this start only. Resolves with its URL. */
  startEtcdAgain(overrides?: { clientPort?: number; peerPort?: number }): Promise<string>;
  /** The embedded S3 backend's URL (with `s3: true`). */
  s3BackendUrl: string;
  /** Starts the embedded S3 backend (again: same port and data). */
  startS3Backend(): Promise<void>;
  stopS3Backend(): Promise<void>;
  /** Every running process: nats-server, etcd, then each app instance. */
  processes(): StackProcess[];
  /** Stops every process (gateways, then services, then nats and etcd) and removes the temp dir. */
  stop(): Promise<void>;
}

/** Starts nats-server, etcd and every app (in APPS order) on free loopback ports; ready once every gateway answers its health probe. */
export function startStack(opts?: StackOptions): Promise<Stack>;

/** Polls `predicate` (a throw counts as false) until it returns true, or fails after `timeoutMs`. */
export function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string): Promise<void>;
