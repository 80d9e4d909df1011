// `npm run bench [-- options]`: issuing and verifying load through the whole STS (a fresh
// loopback stack unless STS_ENDPOINT is set), reported as req/s, p50/p99 latency and server CPU per
// request. Exits non-zero when a request failed. `npm run bench -- --help` lists the options.
import { USAGE, parseBenchOptions } from './bench/options.mjs';
import { buildIfStale, ensureDependencies } from './lib/build.mjs';
import { stopAllProcesses } from './lib/processes.mjs';
import { ensureBinaries } from './lib/servers.mjs';

const EXIT_INTERRUPTED = 130;

let options;
try {
  options = parseBenchOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`bench: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const interrupted = new AbortController();
let target = null;
let shuttingDown = false;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`bench: ${signal} received, stopping`);
    shutdown(EXIT_INTERRUPTED);
  });
}

try {
  ensureDependencies();
  if (!options.endpoint) ensureBinaries({ need: ['nats-server', 'etcd', ...(options.scenarios.includes('ldap') ? ['slapd', 'slapadd', 'ldapwhoami'] : [])] });
  buildIfStale();
  // Imported only now: they need node_modules and the built #domain.
  const { openTarget } = await import('./bench/target.mjs');
  const { runScenarios } = await import('./bench/scenarios.mjs');
  target = await openTarget(options);
  const failedScenarios = await runScenarios(target, options, interrupted.signal);
  await shutdown(failedScenarios > 0 ? 1 : 0);
} catch (error) {
  console.error(`bench: ${error.message}`);
  await shutdown(1);
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  interrupted.abort(); // stop the load before the servers, so it does not count their shutdown
  try {
    await target?.stop();
  } finally {
    await stopAllProcesses(); // anything still starting when an interrupt came
    process.exit(code);
  }
}
