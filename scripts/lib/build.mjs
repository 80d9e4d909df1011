// npm dependencies and the TypeScript build, for start.mjs and test.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAMES, REPO_ROOT, appEntry } from './apps.mjs';

// Written only after a successful build: tsc emits even when it reports errors, so output files
// newer than the sources do not prove the build passed.
const STAMP = join(REPO_ROOT, 'dist', '.build-stamp');
const SOURCE_DIRS = ['apps', 'libs'];
const BUILD_INPUTS = ['tsconfig.json', 'tsconfig.build.json'];

export function run(command, args) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status === 0) return;
  const why = result.error?.message ?? (result.signal ? `signal ${result.signal}` : `exit code ${result.status}`);
  throw new Error(`\`${command} ${args.join(' ')}\` failed (${why})`);
}

/**
 * Installs npm dependencies when node_modules is missing or older than the lockfile; true if it did.
 * `npm install`, not `npm ci`: npm 11 here writes lockfiles without other platforms' optional
 * packages (@swc/core-*, …) and then refuses them in `npm ci`; with the lockfile in sync with
 * package.json, `npm install` installs exactly the locked versions.
 */
export function ensureDependencies() {
  const installed = join(REPO_ROOT, 'node_modules', '.package-lock.json');
  const lock = join(REPO_ROOT, 'package-lock.json');
  if (existsSync(installed) && (!existsSync(lock) || statSync(lock).mtimeMs <= statSync(installed).mtimeMs)) return false;
  console.log('installing npm dependencies (npm install)');
  run('npm', ['install', '--no-audit', '--no-fund']);
  return true;
}

export function build() {
  run('npm', ['run', '--silent', 'build']);
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/** Builds when an app entry point is missing or a source is newer than the last good build. */
export function buildIfStale() {
  const reason = staleReason();
  if (!reason) return false;
  console.log(`building (${reason})`);
  build();
  return true;
}

function staleReason() {
  const missing = APP_NAMES.find((app) => !existsSync(appEntry(app)));
  if (missing) return `${missing} is not built`;
  if (!existsSync(STAMP)) return 'no successful build recorded';
  const builtAt = statSync(STAMP).mtimeMs;
  const changed = buildInputs().find((file) => statSync(file).mtimeMs > builtAt);
  return changed ? `${changed.slice(REPO_ROOT.length)} changed` : null;
}

function buildInputs() {
  const sources = SOURCE_DIRS.flatMap((dir) => {
    const root = join(REPO_ROOT, dir);
    if (!existsSync(root)) return [];
    return readdirSync(root, { recursive: true })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(root, file));
  });
  return [...sources, ...BUILD_INPUTS.map((file) => join(REPO_ROOT, file)).filter(existsSync)];
}
