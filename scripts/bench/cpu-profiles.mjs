// `--cpu-prof DIR`: every app of a fresh stack runs with cpu-profile-preload.mjs; each measured run
// is bracketed by SIGWINCH (write and restart), so DIR/<scenario>-<app>-<pid>.cpuprofile holds that
// scenario's measured seconds only. Open them in Chrome DevTools or summarize with
// `node scripts/bench/cpu-profile-summary.mjs FILE`.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_NAMES } from '../lib/apps.mjs';

const PRELOAD = fileURLToPath(new URL('./cpu-profile-preload.mjs', import.meta.url));
const WRITE_WAIT_MS = 1500;

/** Node flags and environment that make a fresh stack's apps profile themselves into `dir`. */
export function profilingSetup(dir) {
  mkdirSync(dir, { recursive: true });
  return { nodeFlags: `--import=${PRELOAD}`, env: { STS_CPU_PROF_DIR: dir } };
}

const isApp = ({ name }) => APP_NAMES.some((app) => name.startsWith(`${app}-`));

/** Discards what each app sampled so far (the warm-up): the next write covers the measured run only. */
export async function restartProfiles(target, dir) {
  for (const app of await signalApps(target)) rmSync(writtenBy(dir, app), { force: true });
}

/** Writes each app's profile of the run just measured as `<scenario>-<app>-<instance>-<pid>.cpuprofile`. */
export async function saveProfiles(target, dir, scenario) {
  for (const app of await signalApps(target)) {
    const written = writtenBy(dir, app);
    if (existsSync(written)) renameSync(written, join(dir, `${scenario}-${app.name}-${app.pid}.cpuprofile`));
  }
}

/** The preload names its file after the app's folder (`dist/apps/<app>/src/main.js`) and pid. */
const writtenBy = (dir, { name, pid }) => join(dir, `${name.replace(/-\d+$/, '')}-${pid}.cpuprofile`);

async function signalApps(target) {
  const apps = target.processes().filter(isApp);
  for (const { pid } of apps) {
    try {
      process.kill(pid, 'SIGWINCH');
    } catch {
      // exited meanwhile
    }
  }
  await new Promise((resolve) => setTimeout(resolve, WRITE_WAIT_MS));
  return apps;
}
