import type { ExitInfo, OutputStream } from './processes.mjs';

export interface AppInfo {
  readonly name: string;
  readonly gateway: boolean;
}

/** Every app, in start order. */
export const APPS: readonly AppInfo[];
export const APP_NAMES: readonly string[];
export const REPO_ROOT: string;

export function isGateway(app: string): boolean;
export function appEntry(app: string): string;
export function gatewayPort(basePort: number, instance: number): number;
export function parseReplicas(spec?: string | null): Record<string, number>;

export interface AppHandle {
  app: string;
  instance: number;
  pid: number | undefined;
  /** The HTTP port, for gateways. */
  port: number | undefined;
  logFile: string | undefined;
  exited: Promise<ExitInfo>;
  kill(signal?: NodeJS.Signals): boolean;
  stop(): Promise<void>;
  tail(): string;
}

export function startApp(options: {
  app: string;
  env: NodeJS.ProcessEnv;
  instance?: number;
  port?: number;
  logFile?: string;
  onLine?: (line: string, stream: OutputStream) => void;
  readyTimeoutMs?: number;
}): Promise<AppHandle>;
