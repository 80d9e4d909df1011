import { describe, expect, it } from '@jest/globals';
import { openIdConfigured, stsDurationOverride } from './openid-settings.js';
const URL_A = 'https://a.example/.well-known/openid-configuration';

describe('openIdConfigured (gateway readiness)', () => {
  it('is true when some provider has a CONFIG_URL that is not switched off', () => {
    expect(openIdConfigured({})).toBe(false);
    expect(openIdConfigured({ MINIO_IDENTITY_OPENID_CONFIG_URL: URL_A })).toBe(true);
    expect(openIdConfigured({ MINIO_IDENTITY_OPENID_CONFIG_URL_X: URL_A })).toBe(true);
    expect(openIdConfigured({ MINIO_IDENTITY_OPENID_CONFIG_URL: URL_A, MINIO_IDENTITY_OPENID_ENABLE: 'off' })).toBe(false);
  });
});

describe('stsDurationOverride (MINIO_STS_DURATION)', () => {
  it('reads a Go duration and refuses garbage instead of falling back to 1 h', () => {
    expect(stsDurationOverride({ MINIO_STS_DURATION: '12h' })).toBe(43200);
    expect(stsDurationOverride({})).toBeUndefined();
    expect(() => stsDurationOverride({ MINIO_STS_DURATION: 'soon' })).toThrow('MINIO_STS_DURATION');
  });
});
