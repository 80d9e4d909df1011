// `npm test [-- jest args]`: dependencies, nats-server/etcd/slapd for the e2e suites, a fresh build, then
// Jest in native ESM mode (Node 20 cannot load ESM-only Nest 12 through Jest's CJS loader).
// The last line printed is always "N passed, N failed".
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/apps.mjs';
import { build, ensureDependencies } from './lib/build.mjs';
import { ensureMadminGo } from './lib/madmin-go.mjs';
import { ensureBinaries } from './lib/servers.mjs';

const RESULTS = join(REPO_ROOT, '.test-results.json');
const JEST = join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

try {
  ensureDependencies();
  ensureBinaries({ need: ['nats-server', 'etcd', 'slapd', 'slapadd', 'ldapwhoami'] });
  // Optional: without Go and madmin-go the madmin suite says why and skips; everything else runs.
  const madminMissing = ensureMadminGo();
  if (madminMissing) console.log(`madmin e2e suite will be skipped: ${madminMissing}`);
  build();
} catch (error) {
  console.error(error.message);
  finish(0, 1, 1);
}
rmSync(RESULTS, { force: true });
const exitCode = await runJest(process.argv.slice(2));
const { passed, failed } = readResults();
finish(passed, failed, exitCode);

function runJest(args) {
  // Two cores: two workers, unless the caller chose otherwise.
  const chosen = args.some((arg) => /^(--maxWorkers|-w|--runInBand|-i)(=|$)/.test(arg));
  const jestArgs = ['--json', `--outputFile=${RESULTS}`, ...(chosen ? [] : ['--maxWorkers=2']), ...args];
  const child = spawn(process.execPath, ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', JEST, ...jestArgs], { cwd: REPO_ROOT, stdio: 'inherit' });
  // Ctrl-C reaches Jest directly (same process group); wait for it so the summary still prints.
  process.on('SIGINT', () => {});
  return new Promise((resolve) => {
    child.on('error', (error) => { console.error(error.message); resolve(1); });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// A run that produced no results (config error, crash) counts as one failure.
function readResults() {
  if (!existsSync(RESULTS)) return { passed: 0, failed: 1 };
  try {
    const results = JSON.parse(readFileSync(RESULTS, 'utf8'));
    return { passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

function finish(passed, failed, exitCode) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(exitCode !== 0 ? exitCode : failed > 0 ? 1 : 0);
}
