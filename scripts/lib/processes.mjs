// Child processes started by the scripts and the e2e stack: log files, output tails, readiness,
// graceful stop, and no orphans.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const TAIL_LINES = 40;
const STOP_GRACE_MS = 5000;
const live = new Set();
let guardsInstalled = false;
let reaper = null;

/**
 * Spawns `command` in its own process group, so that a Ctrl-C in the terminal reaches only the
 * parent script, which then stops the children in order. stdout/stderr go to `logFile` (appended)
 * and to an in-memory tail; `readyPattern` is matched against lines of the `readyStreams`.
 */
export function spawnProcess({ name, command, args = [], env, cwd, logFile, onLine, readyPattern, readyStreams = ['stdout'] }) {
  installExitGuards();
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines = [];
  let signalReady;
  const matched = new Promise((resolve) => { signalReady = resolve; });
  const log = logFile ? openLog(logFile) : null;
  for (const [stream, label] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']]) {
    if (log) stream.pipe(log, { end: false });
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      if (readyPattern && readyStreams.includes(label) && readyPattern.test(line)) signalReady(line);
      onLine?.(line, label);
    });
  }
  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
    // 'close' waits for stdio to close, which a leftover grandchild could hold open forever.
    child.once('exit', (code, signal) => setTimeout(() => resolve({ code, signal }), 500).unref());
  }).then((info) => {
    live.delete(proc);
    untrack(child.pid);
    log?.end();
    return info;
  });
  const proc = {
    name,
    pid: child.pid,
    logFile,
    exited,
    matched,
    alive: () => child.exitCode === null && child.signalCode === null && child.pid !== undefined,
    kill: (signal = 'SIGTERM') => signalGroup(child, signal),
    tail: () => lines.join('\n'),
    stop: (graceMs = STOP_GRACE_MS) => stopProcess(proc, child, graceMs),
  };
  live.add(proc);
  track(child.pid);
  return proc;
}

async function stopProcess(proc, child, graceMs) {
  if (proc.alive()) {
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
  }
  await proc.exited;
}

// Each child leads its own process group (detached), so this reaches anything it started too.
function signalGroup(child, signal) {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return child.kill(signal);
  }
}

/** Stops every child still running (stragglers of an interrupted start-up, for instance). */
export async function stopAllProcesses() {
  await Promise.all([...live].map((proc) => proc.stop()));
}

/**
 * Resolves once `ready` resolves; if the process exits first or `timeoutMs` passes, stops it and
 * rejects with an error that carries the process's last output.
 */
export async function whenReady(proc, { ready, timeoutMs, what = proc.name }) {
  let timer;
  const outcome = await Promise.race([
    ready.then(() => ({ ok: true })),
    proc.exited.then((exit) => ({ exit })),
    new Promise((resolve) => { timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs); }),
  ]);
  clearTimeout(timer);
  if (outcome.ok) return;
  await proc.stop();
  const why = outcome.timedOut ? `was not ready after ${timeoutMs} ms` : `exited during start-up (${describeExit(outcome.exit)})`;
  throw new Error(`${what} ${why}${proc.logFile ? `; log: ${proc.logFile}` : ''}\n${formatTail(proc)}`);
}

export function describeExit({ code, signal, error }) {
  if (error) return error.message;
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

export function formatTail(proc) {
  const tail = proc.tail();
  return `--- last output of ${proc.name} ---\n${tail || '(no output)'}\n--- end of output ---`;
}

/** Calls `probe` every `intervalMs` until it returns true; stops quietly once `signal` aborts. */
export async function pollUntil(probe, { intervalMs = 25, signal } = {}) {
  while (!signal?.aborted) {
    if (await probe().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

function openLog(file) {
  mkdirSync(dirname(file), { recursive: true });
  const stream = createWriteStream(file, { flags: 'a' });
  stream.on('error', () => {}); // a full disk must not crash the supervisor
  return stream;
}

function installExitGuards() {
  if (guardsInstalled) return;
  guardsInstalled = true;
  process.on('exit', () => { for (const proc of live) proc.kill('SIGTERM'); });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      // A script with its own listener (start.mjs) does an orderly shutdown itself.
      if (process.listenerCount(signal) > 1) return;
      process.exit(128 + constants.signals[signal]);
    });
  }
}

// Signal and exit handlers do not run when the parent is SIGKILLed, crashes hard, or lives inside
// Jest (whose sandboxed `process` never emits 'exit'); the reaper notices its stdin closing instead.
function track(pid) {
  if (pid === undefined) return;
  if (!reaper) {
    const script = fileURLToPath(new URL('./reaper.mjs', import.meta.url));
    reaper = spawn(process.execPath, [script], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    reaper.on('error', () => {});
    reaper.stdin.on('error', () => {});
    reaper.unref();
    reaper.stdin.unref?.();
  }
  reaper.stdin.write(`+${pid}\n`);
}

function untrack(pid) {
  if (pid !== undefined && reaper) reaper.stdin.write(`-${pid}\n`);
}
