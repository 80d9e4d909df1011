// Loaded into every app by `npm run bench -- --cpu-prof DIR` (node --import): samples the app's CPU
// from its start and, on SIGWINCH (ignored by default, and not one of Nest's shutdown signals), writes DIR/<app>-<pid>.cpuprofile (Chrome DevTools format) and
// starts a fresh profile. node's own --cpu-prof only writes at a normal exit, and Nest ends an app
// by re-raising SIGTERM, which skips it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, dirname, join } from 'node:path';

const dir = process.env.STS_CPU_PROF_DIR;
const app = basename(dirname(dirname(process.argv[1] ?? 'app/src/main.js')));
if (dir) {
  const session = new Session();
  session.connect();
  const start = () => session.post('Profiler.enable', () => session.post('Profiler.start'));
  start();
  process.on('SIGWINCH', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${app}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      start();
    });
  });
}
