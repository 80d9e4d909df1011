// One autocannon run of a signed STS POST against every gateway at once.
import autocannon from 'autocannon';
import { LatencySamples } from './latency-samples.mjs';
import { signedStsHeaders } from './signed-request.mjs';

const FAILURE_SAMPLE_CHARS = 300;

const UNSIGNED = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * Replays `body`, signed with `keys` (unsigned without them: the identity is in the body), on `connections` connections for `durationSeconds`.
 * autocannon 9 takes a list of URLs and deals connections out round-robin, so with several
 * gateways there is one run and one set of latencies over all their responses (exact percentiles,
 * nothing to merge). Each connection gets the signature for its own gateway's Host. Latencies count
 * every response, 2xx or not, as autocannon's do.
 * Response times go into `latencies` (fresh ones by default; pass the same ones to several runs to
 * pool them). Resolves { requests, seconds, requestsPerSecond, p50Ms, p99Ms, non2xx, errors,
 * failureSample }, the percentiles over everything in `latencies`.
 */
export function runLoad({ gateways, connections, durationSeconds, body, keys, region, signal, latencies = new LatencySamples() }) {
  const headersByHost = new Map(gateways.map((gateway) => [new URL(gateway).host, keys ? signedStsHeaders({ gateway, keys, region, body }) : UNSIGNED]));
  let failureSample;
  return new Promise((resolve, reject) => {
    let instance;
    const stop = () => instance.stop();
    instance = autocannon({
      url: gateways,
      connections,
      duration: durationSeconds,
      method: 'POST',
      body,
      requests: [{
        onResponse: (status, responseBody) => {
          if (!failureSample && (status < 200 || status > 299)) failureSample = `HTTP ${status}: ${responseBody.slice(0, FAILURE_SAMPLE_CHARS)}`;
        },
      }],
      setupClient: (client) => client.setHeaders(headersByHost.get(client.opts.host)),
    }, (error, result) => {
      signal?.removeEventListener('abort', stop);
      if (error) return reject(error);
      resolve(summarize(result, latencies, failureSample));
    });
    instance.on('response', (client, status, bytes, milliseconds) => latencies.add(milliseconds));
    instance.on('reqError', (error) => { failureSample ??= `request error: ${error.message}`; });
    signal?.addEventListener('abort', stop, { once: true });
  });
}

function summarize(result, latencies, failureSample) {
  const requests = result.requests.total;
  const [p50Ms, p99Ms] = latencies.percentiles([50, 99]);
  return {
    requests,
    seconds: result.duration,
    requestsPerSecond: requests / result.duration,
    p50Ms,
    p99Ms,
    non2xx: result.non2xx,
    errors: result.errors,
    failureSample,
  };
}
