import { describe, expect, it } from '@jest/globals';
import { busSettings, ConfigError } from './config-values.js';

describe('busSettings', () => {
  it('hands issue requests on (the issuer answers the gateway) unless STS_ISSUER_DIRECT_REPLY turns it off', () => {
    expect(busSettings({}).issuerDirectReply).toBe(true);
    expect(busSettings({ STS_ISSUER_DIRECT_REPLY: 'true' }).issuerDirectReply).toBe(true);
    expect(busSettings({ STS_ISSUER_DIRECT_REPLY: 'false' }).issuerDirectReply).toBe(false);
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => busSettings({ STS_ISSUER_DIRECT_REPLY: 'sometimes' })).toThrow(ConfigError);
  });
});
