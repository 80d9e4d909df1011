export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all. */
  error?: Error;
}

export type OutputStream = 'stdout' | 'stderr';

export interface ChildProcessHandle {
  name: string;
  pid: number | undefined;
  logFile: string | undefined;
  exited: Promise<ExitInfo>;
  /** Resolves with the first line matching `readyPattern`. */
  matched: Promise<string>;
  alive(): boolean;
  kill(signal?: NodeJS.Signals): boolean;
  tail(): string;
  stop(graceMs?: number): Promise<void>;
}

export function spawnProcess(options: {
  name: string;
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile?: string;
  onLine?: (line: string, stream: OutputStream) => void;
  readyPattern?: RegExp;
  /** Which streams `readyPattern` is matched against (default: stdout). */
  readyStreams?: OutputStream[];
}): ChildProcessHandle;

export function stopAllProcesses(): Promise<void>;

export function whenReady(
  proc: ChildProcessHandle,
  options: { ready: Promise<unknown>; timeoutMs: number; what?: string },
): Promise<void>;

export function describeExit(exit: ExitInfo): string;
export function formatTail(proc: { name: string; tail(): string }): string;
export function pollUntil(
  probe: () => Promise<boolean>,
  options?: { intervalMs?: number; signal?: AbortSignal },
): Promise<boolean>;
