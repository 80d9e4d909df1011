import { describe, expect, it } from '@jest/globals';
import { gatewayWarnings, loadConfig } from './config.js';

describe(gatewayWarnings.name, () => {
  it('says nothing with the default keep-alive timeout, which the drain at SIGTERM outlasts', () => {
    expect(gatewayWarnings(loadConfig({}))).toEqual([]);
  });

  it('warns when idle keep-alive connections would outlast the drain and be cut', () => {
    const warnings = gatewayWarnings(loadConfig({ STS_HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000' }));
    expect(warnings).toEqual([expect.stringContaining('STS_HTTP_KEEP_ALIVE_TIMEOUT_MS=60000 outlasts the 6500 ms drain')]);
  });
});
