// Preloaded into an app by `npm run bench -- --cpu-prof DIR` (node --import): records a V8 CPU
// profile of the whole run and writes DIR/<app>-<instance>.cpuprofile when the app is told to stop.
// node's own --cpu-prof writes only on a normal exit, and the apps stop by re-raising SIGTERM.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.STS_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // A same-thread inspector session answers synchronously: the file is written before this returns.
  const write = () => session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(dir, `${process.env.STS_CPU_PROFILE_NAME ?? process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
  // Registered before the app's own handlers, so the profile is on disk before it shuts down.
  for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, write);
}
