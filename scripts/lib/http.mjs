// Minimal HTTP GET for health probes. No keep-alive agent: an idle pooled socket would keep a
// Jest worker (or the start script) from exiting.
import http from 'node:http';

/** Resolves `{ status, body }`, or null when the request fails or takes longer than `timeoutMs`. */
export function httpGet(url, { timeoutMs = 2000 } = {}) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve(null));
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(null));
  });
}
