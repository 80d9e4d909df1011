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

/** Installs npm dependencies when node_modules is missing; true if it did. */
export function ensureDependencies() {
  if (existsSync(join(REPO_ROOT, 'node_modules'))) return false;
  const command = existsSync(join(REPO_ROOT, 'package-lock.json')) ? 'ci' : 'install';
  console.log(`node_modules is missing: running npm ${command}`);
  run('npm', [command]);
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
