import { describe, expect, it } from '@jest/globals';
import { busSettings, ConfigError } from './config-values.js';

describe('busSettings', () => {
  it('relays issuer answers through the verifier unless STS_ISSUER_DIRECT_REPLY turns the hand-on on', () => {
    expect(busSettings({}).issuerDirectReply).toBe(false);
    expect(busSettings({ STS_ISSUER_DIRECT_REPLY: 'true' }).issuerDirectReply).toBe(true);
    expect(busSettings({ STS_ISSUER_DIRECT_REPLY: 'false' }).issuerDirectReply).toBe(false);
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => busSettings({ STS_ISSUER_DIRECT_REPLY: 'sometimes' })).toThrow(ConfigError);
  });
});
