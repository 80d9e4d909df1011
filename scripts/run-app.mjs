// Container entry point: `node scripts/run-app.mjs <app>` (or STS_APP=<app>) runs one built app.
import { pathToFileURL } from 'node:url';
import { APP_NAMES, appEntry } from './lib/apps.mjs';

const app = process.argv[2] ?? process.env.STS_APP;
if (!app || !APP_NAMES.includes(app)) {
  console.error(`usage: run-app.mjs <app> (or STS_APP=<app>); got ${app ? `"${app}"` : 'nothing'}; apps: ${APP_NAMES.join(', ')}`);
  process.exit(2);
}
await import(pathToFileURL(appEntry(app)).href);
