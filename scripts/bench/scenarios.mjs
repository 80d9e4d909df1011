// The measured scenarios, in order: sanity check, then per scenario a warm-up and a measured run;
// with --floors, the floors start (and warm up) first and each scenario's measured run becomes
// rounds alternating with its floor's (floor-rounds.mjs), printed with the floor's row and the ratio.
import { assumeRoleAndCheck } from './sanity.mjs';
import { cpuPerRequest, sampleCpu } from './cpu.mjs';
import { restartProfiles, saveProfiles } from './cpu-profiles.mjs';
import { FLOOR_OF, floorsFor, startFloors, stopFloors } from './floors.mjs';
import { legSeconds, measureBesideFloor } from './floor-rounds.mjs';
import { runLoad } from './load.mjs';
import { ACCESS_CHANGES, measureAccessChanges } from './access-change.mjs';
import { measureRevocation } from './revocation.mjs';
import { runS3Scenarios } from './s3.mjs';
import { formatCpu, formatFailure, formatHeader, formatPropagation, formatRatio, formatScenarioRow, formatTableHeader } from './report.mjs';

const WARM_UP_SECONDS = 2;
const form = (fields) => new URLSearchParams({ Version: '2011-06-15', ...fields }).toString();

/**
 * What each load scenario replays and who signs it: the caller's long-term keys, the temporary
 * ones, or nobody (the identity is in the body). `needs` names the target's identity provider.
 */
const SCENARIOS = {
  'assume-role': { request: (target) => ({ body: form({ Action: 'AssumeRole', DurationSeconds: '900' }), keys: target.keys }) },
  'get-caller-identity': { request: (_target, temporaryKeys) => ({ body: form({ Action: 'GetCallerIdentity' }), keys: temporaryKeys }) },
  'web-identity': {
    needs: 'webIdentity',
    request: (target) => ({ body: form({ Action: 'AssumeRoleWithWebIdentity', DurationSeconds: '900', WebIdentityToken: target.webIdentity.token }) }),
  },
  ldap: {
    needs: 'ldap',
    request: (target) => ({ body: form({ Action: 'AssumeRoleWithLDAPIdentity', DurationSeconds: '900', LDAPUsername: target.ldap.user.username, LDAPPassword: target.ldap.user.password }) }),
  },
};

/** Prints the report; resolves the number of scenarios (floors included) that saw a non-2xx response or an error. */
export async function runScenarios(target, options, signal) {
  console.log(formatHeader({ target, options }));
  const temporaryKeys = await assumeRoleAndCheck(target);
  console.log(formatTableHeader());
  const floors = await startFloors(options.floorsDir, options.floorsDir ? floorsFor(options.scenarios) : []);
  try {
    for (const floor of floors.values()) await runLoad({ ...floor.load, connections: options.connections, durationSeconds: WARM_UP_SECONDS, signal });
    let failedScenarios = 0;
    for (const name of options.scenarios) {
      const failed = await runScenario(name, { target, temporaryKeys, floors }, options, signal);
      if (failed === undefined) break;
      failedScenarios += failed;
    }
    return failedScenarios;
  } finally {
    await stopFloors(floors);
  }
}

/** Runs and prints one scenario; resolves how many of its runs failed, undefined once interrupted. */
async function runScenario(name, { target, temporaryKeys, floors }, options, signal) {
  if (name === 'revocation') return reportRevocation(target, options, signal).then(() => 0);
  if (name === 'access-change') {
    if (target.s3) await reportAccessChanges(target, options, signal);
    else console.log('access-change: skipped (needs a fresh stack: it probes S3 on the embedded backend)');
    return 0;
  }
  if (name === 's3') {
    if (target.s3) return runS3Scenarios(target, temporaryKeys, options, signal);
    console.log('s3: skipped (needs a fresh stack: the direct comparison needs the backend)');
    return 0;
  }
  const { needs, request } = SCENARIOS[name];
  if (needs && !target[needs]) {
    console.log(`${name}: skipped (needs a fresh stack: the bench starts the identity provider it logs in against)`);
    return 0;
  }
  const load = { gateways: target.gateways, region: target.region, processes: target.processes, ...request(target, temporaryKeys) };
  const profile = options.cpuProfDir && {
    restart: () => restartProfiles(target, options.cpuProfDir),
    save: () => saveProfiles(target, options.cpuProfDir, name),
  };
  const floor = floors.get(FLOOR_OF[name]);
  if (!floor) {
    const measured = await measure(load, options, signal, profile);
    return measured && report(name, measured, options);
  }
  await runLoad({ ...load, connections: options.connections, durationSeconds: WARM_UP_SECONDS, signal });
  const measured = !signal.aborted && (await measureBesideFloor({ scenario: load, floor: floor.load }, options, signal, profile));
  if (!measured) return undefined;
  const failed = report(name, measured.scenario, options) + report(floor.title, measured.floor, options);
  console.log(formatRatio(FLOOR_OF[name], measured, legSeconds(options.duration)));
  return failed;
}

/** A warm-up, then the measured run with the CPU time of `load.processes()`; undefined once interrupted. */
async function measure(load, options, signal, profile) {
  const run = { ...load, connections: options.connections, signal };
  await runLoad({ ...run, durationSeconds: WARM_UP_SECONDS });
  if (signal.aborted) return undefined;
  await profile?.restart();
  const cpuBefore = sampleCpu(load.processes());
  const result = await runLoad({ ...run, durationSeconds: options.duration });
  const cpu = cpuPerRequest(cpuBefore, sampleCpu(load.processes()), result.requests);
  await profile?.save();
  return signal.aborted ? undefined : { result, cpu };
}

/** Prints the row, CPU line and first failure; 1 if a request failed. */
function report(name, { result, cpu }, options) {
  console.log(formatScenarioRow(name, options.connections, result));
  if (cpu) console.log(formatCpu(cpu));
  if (result.non2xx === 0 && result.errors === 0) return 0;
  console.log(formatFailure(result));
  return 1;
}

/** Not a load test: one revocation at a time, each timed until every gateway refuses. */
async function reportRevocation(target, options, signal) {
  const samples = await measureRevocation(target, options.rounds, signal);
  if (samples.length === 0) return;
  console.log(`revocation propagation over ${target.gateways.length} gateway(s), ${samples.length} revocations: ${formatPropagation(samples)} (from the revoke reply until every gateway refuses)`);
}

/** One narrowing change at a time, each kind in turn, each timed until every gateway refuses S3. */
async function reportAccessChanges(target, options, signal) {
  const samples = await measureAccessChanges(target, options.rounds, signal);
  console.log(`access-change propagation over ${target.gateways.length} gateway(s), from the admin reply until every gateway refuses an S3 GET it allowed just before (goal p99 < 50 ms):`);
  for (const kind of Object.keys(ACCESS_CHANGES)) {
    const rounds = samples[kind];
    if (rounds.length === 0) continue;
    const checks = rounds.reduce((n, r) => n + r.checks, 0);
    const first = rounds.reduce((n, r) => n + r.atFirstProbe, 0);
    console.log(`  ${kind.padEnd(18)} ${rounds.length} changes: ${formatPropagation(rounds.map((r) => r.ms))}; refused at the first probe: ${first} of ${checks}; one refused request alone: ${formatPropagation(rounds.map((r) => r.refusalMs))}`);
  }
}
