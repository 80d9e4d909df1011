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
  /**
   * Nodes of nats-server and members of etcd: 1 (default) or a cluster of 3 (or 5, 7) on loopback,
   * with routes, clustered JetStream (the audit stream replicated to every node) and one etcd
   * initial cluster. Every app is given every node.
   */
  cluster?: number;
  /** Start the embedded S3 backend (s3rver) and point every gateway at it (STS_S3_BACKEND_URL). */
  s3?: boolean;
}

export interface StackProcess {
  /** `nats-server`, `etcd` or `<app>-<instance>`. */
  name: string;
  pid: number | undefined;
}

export interface Stack {
  /** The first nats-server node's URL (the only one without `cluster`). */
  natsUrl: string;
  /** Every nats-server node's URL (NATS_URL is them joined with commas). */
  natsUrls: string[];
  /** The first etcd member's URL. */
  etcdEndpoint: string;
  /** Every etcd member's URL (MINIO_ETCD_ENDPOINTS is them joined with commas). */
  etcdEndpoints: string[];
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
  /** `env`: extra variables for this process only (e.g. a test-only switch on one gateway). */
  startApp(app: string, instance?: number, env?: Record<string, string>): Promise<AppHandle>;
  stopApp(handle: AppHandle): Promise<void>;
  /** Stops every nats-server node. */
  stopNats(): Promise<void>;
  /** Every nats-server node again on the same port; the apps reconnect by themselves. */
  startNatsAgain(): Promise<void>;
  /** SIGKILL to one nats-server node (0-based); resolves once it is gone. */
  killNatsNode(index: number): Promise<void>;
  startNatsNodeAgain(index: number): Promise<void>;
  /** Stops every etcd member. */
  stopEtcd(): Promise<void>;
  /** SIGKILL to one etcd member (0-based); resolves once it is gone. */
  killEtcdMember(index: number): Promise<void>;
  /** The member again with its data; resolves with its URL. */
  startEtcdMemberAgain(index: number): Promise<string>;
  /** Starts the same etcd (same data); `overrides`, e.g. ports the apps do not know, apply to this start only. Resolves with its URL. */
  startEtcdAgain(overrides?: { clientPort?: number; peerPort?: number }): Promise<string>;
  /** The embedded S3 backend's URL (with `s3: true`). */
  s3BackendUrl: string;
  /** Starts the embedded S3 backend (again: same port and data). */
  startS3Backend(): Promise<void>;
  stopS3Backend(): Promise<void>;
  /** Every running process: nats-server (`nats-server-<n>` in a cluster), etcd (`etcd-<n>`), then each app instance. */
  processes(): StackProcess[];
  /** Stops every process (gateways, then services, then nats and etcd) and removes the temp dir. */
  stop(): Promise<void>;
}

/** Starts nats-server, etcd and every app (in APPS order) on free loopback ports; ready once every gateway answers its health probe. */
export function startStack(opts?: StackOptions): Promise<Stack>;

/** Polls `predicate` (a throw counts as false) until it returns true, or fails after `timeoutMs`. */
export function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string): Promise<void>;
