// Several builds' in-process path measured in turn (gci-path.mjs, s3-path.mjs): each round runs
// every build once, the order rotating round by round, and prints µs of CPU per request; at the end
// the median per build and the median of its per-round ratios to the first build.
import { basename } from 'node:path';
import { median } from './rounds.mjs';

/** A name per build directory, numbered when two share one. */
export const subjectName = (subjects, dir) => (subjects.some((s) => s.name === basename(dir)) ? `${basename(dir)}#${subjects.length + 1}` : basename(dir));

/**
 * `subjects`: `{ name, run(count, bytes) }` (in-memory-driver.mjs); `requestBytes()` gives each
 * round's request (signed afresh), `onMeasured()` runs once the warm-up rounds are over.
 */
export async function runBuildRounds(subjects, { rounds, warmup, requests }, requestBytes, onMeasured = async () => undefined) {
  const perRequest = new Map(subjects.map((s) => [s.name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    if (round === warmup) await onMeasured();
    const bytes = await requestBytes();
    const order = subjects.map((_, i) => subjects[(i + round) % subjects.length]);
    const line = [];
    for (const subject of order) {
      const micros = (await subject.run(requests, bytes)) / requests;
      if (round >= warmup) perRequest.get(subject.name).push(micros);
      line.push(`${subject.name} ${micros.toFixed(1)}`);
    }
    console.log(`${round < warmup ? 'warm-up' : 'round'} ${round + 1}: ${line.join(', ')} µs/request`);
  }
  return perRequest;
}

export function printBuildMedians(subjects, perRequest, rounds, what = '') {
  const first = perRequest.get(subjects[0].name);
  console.log(`\n${what}median µs of CPU per request over ${rounds} rounds (ratio to ${subjects[0].name}: median of per-round ratios)`);
  for (const { name } of subjects) {
    const values = perRequest.get(name);
    console.log(`  ${name.padEnd(16)} ${median(values).toFixed(1).padStart(7)}  × ${median(values.map((v, i) => v / first[i])).toFixed(3)}`);
  }
}
