export function parseClusterSize(value?: string | null): number;
export interface NatsNodeOptions {
  port: number;
  logFile: string;
  configFile: string;
}
export function natsNodeOptions(options: {
  ports: number[];
  routePorts?: number[];
  dir: string;
  secretsDir: string;
  users: Record<string, { seedFile: string; publicKey: string }>;
  logDir?: string;
}): NatsNodeOptions[];
export function etcdMemberOptions(options: {
  clientPorts: number[];
  peerPorts: number[];
  dir: string;
  logDir?: string;
  base?: Record<string, unknown>;
}): Array<{ name: string; clientPort: number; peerPort: number; dataDir: string; logFile: string; initialCluster?: string } & Record<string, unknown>>;
