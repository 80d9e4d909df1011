// The measured scenarios, in order: sanity check, then per scenario a warm-up and a measured run.
import { assumeRoleAndCheck } from './sanity.mjs';
import { cpuPerRequest, sampleCpu } from './cpu.mjs';
import { restartProfiles, saveProfiles } from './cpu-profiles.mjs';
import { runLoad } from './load.mjs';
import { measureRevocation } from './revocation.mjs';
import { runS3Scenarios } from './s3.mjs';
import { formatCpu, formatFailure, formatHeader, formatScenarioRow, formatTableHeader } from './report.mjs';

const WARM_UP_SECONDS = 2;

/** What each scenario replays, and whose keys sign it: the caller's long-term keys or the temporary ones. */
const SCENARIOS = {
  'assume-role': { body: 'Action=AssumeRole&Version=2011-06-15&DurationSeconds=900', signer: 'long-term' },
  'get-caller-identity': { body: 'Action=GetCallerIdentity&Version=2011-06-15', signer: 'temporary' },
};

/** Prints the report; resolves the number of scenarios that saw a non-2xx response or an error. */
export async function runScenarios(target, options, signal) {
  console.log(formatHeader({ target, options }));
  const temporaryKeys = await assumeRoleAndCheck(target);
  console.log(formatTableHeader());
  let failedScenarios = 0;
  for (const name of options.scenarios) {
    if (name === 'revocation') {
      await reportRevocation(target, options, signal);
      continue;
    }
    if (name === 's3') {
      if (target.s3) failedScenarios += await runS3Scenarios(target, temporaryKeys, options, signal);
      else console.log('s3: skipped (needs a fresh stack: the direct comparison needs the backend)');
      continue;
    }
    const { body, signer } = SCENARIOS[name];
    const load = { gateways: target.gateways, connections: options.connections, body, keys: signer === 'long-term' ? target.keys : temporaryKeys, region: target.region, signal };
    await runLoad({ ...load, durationSeconds: WARM_UP_SECONDS });
    if (signal.aborted) return failedScenarios;
    if (options.cpuProfDir) await restartProfiles(target, options.cpuProfDir);
    const cpuBefore = sampleCpu(target.processes());
    const result = await runLoad({ ...load, durationSeconds: options.duration });
    const cpu = cpuPerRequest(cpuBefore, sampleCpu(target.processes()), result.requests);
    if (options.cpuProfDir) await saveProfiles(target, options.cpuProfDir, name);
    if (signal.aborted) return failedScenarios;
    console.log(formatScenarioRow(name, options.connections, result));
    if (cpu) console.log(formatCpu(cpu));
    if (result.non2xx > 0 || result.errors > 0) {
      failedScenarios++;
      console.log(formatFailure(result));
    }
  }
  return failedScenarios;
}

const REVOCATION_ROUNDS = 200;

/** Not a load test: one revocation at a time, each timed until every gateway refuses. */
async function reportRevocation(target, options, signal) {
  const samples = (await measureRevocation(target, REVOCATION_ROUNDS, signal)).sort((a, b) => a - b);
  if (samples.length === 0) return;
  const at = (q) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)].toFixed(2);
  console.log(`revocation propagation over ${target.gateways.length} gateway(s), ${samples.length} revocations: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${samples[samples.length - 1].toFixed(2)} ms (from the revoke reply until every gateway refuses)`);
}
