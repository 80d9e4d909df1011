// madmin-go, MinIO's admin client, as Debian packages it (v2.0.7, golang-github-minio-madmin-go-dev),
// built offline in GOPATH mode with Debian's golang-go: the e2e suite runs real madmin calls with it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './apps.mjs';
import { findBinary } from './servers.mjs';

const GOCODE = '/usr/share/gocode';
const MADMIN_SOURCE = join(GOCODE, 'src/github.com/minio/madmin-go');
const PACKAGES = ['golang-go', 'golang-github-minio-madmin-go-dev'];
/** The scratch GOPATH entry holding src/madmin-call/main.go. */
const PROGRAMS = join(REPO_ROOT, 'test', 'madmin');

/** Why madmin programs cannot be built here, or null when they can. */
export function madminUnavailable() {
  if (!findBinary('go')) return `no Go toolchain (apt-get install -y ${PACKAGES.join(' ')})`;
  if (!existsSync(MADMIN_SOURCE)) return `madmin-go sources missing at ${MADMIN_SOURCE} (apt-get install -y ${PACKAGES[1]})`;
  return null;
}

/** Installs the Debian packages when missing and we are root with apt-get; returns the reason it could not, or null. */
export function ensureMadminGo() {
  if (madminUnavailable() === null) return null;
  if (process.getuid?.() !== 0 || !findBinary('apt-get')) return madminUnavailable();
  console.log(`Installing Debian packages ${PACKAGES.join(', ')} for the madmin e2e suite`);
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...PACKAGES]]) {
    const result = spawnSync('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) return `apt-get ${args.join(' ')} failed: ${(result.stderr || result.stdout || '').trim().split('\n').pop()}`;
  }
  return madminUnavailable();
}

/** Builds test/madmin/src/<name> offline (no module mode, no proxy) into outDir; returns the binary's path. */
export function buildMadminProgram(name, outDir) {
  const cache = join(tmpdir(), 'sts-madmin-gocache');
  mkdirSync(cache, { recursive: true });
  const out = join(outDir, name);
  const result = spawnSync(findBinary('go'), ['build', '-o', out, '.'], {
    cwd: join(PROGRAMS, 'src', name),
    env: { ...process.env, GO111MODULE: 'off', GOPROXY: 'off', GOFLAGS: '', GOPATH: `${PROGRAMS}:${GOCODE}`, GOCACHE: cache },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`go build ${name} failed:\n${result.stdout}${result.stderr}`);
  return out;
}
