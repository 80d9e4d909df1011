import { describe, expect, it } from '@jest/globals';
import { normalizeSessionPolicy } from '../policy/session-policy.js';
import { parseDurationSeconds, parseGoDurationSeconds } from './duration.js';

describe('parseDurationSeconds', () => {
  it.each(['900', '3600', '31536000', '+900'])('accepts %s', (raw) => {
    expect(parseDurationSeconds(raw)).toBe(Number(raw));
  });
  it.each(['100', '899', '31536001', 'abc', '900.5', '-900', '1e3', ' 900'])('refuses %s with MinIO\'s message', (raw) => {
    expect(() => parseDurationSeconds(raw)).toThrow(expect.objectContaining({ code: 'InvalidParameterValue', message: 'invalid token expiry' }));
  });
  it('treats an absent or empty value as not given', () => {
    expect(parseDurationSeconds(undefined)).toBeUndefined();
    expect(parseDurationSeconds('')).toBeUndefined();
  });
});

describe('parseGoDurationSeconds', () => {
  it('reads Go duration strings as MINIO_STS_DURATION uses them', () => {
    expect(parseGoDurationSeconds('12h')).toBe(43200);
    expect(parseGoDurationSeconds('1h30m')).toBe(5400);
    expect(parseGoDurationSeconds('900s')).toBe(900);
  });
  it('refuses garbage and values outside 900 s … 365 d', () => {
    expect(() => parseGoDurationSeconds('12 hours')).toThrow();
    expect(() => parseGoDurationSeconds('10m')).toThrow();
    expect(() => parseGoDurationSeconds('9000h')).toThrow();
  });
});

describe('normalizeSessionPolicy', () => {
  const allow = { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bucket/*'] };

  it('returns the re-serialized policy', () => {
    const raw = JSON.stringify({ Version: '2012-10-17', Statement: [allow] }, null, 4);
    expect(normalizeSessionPolicy(raw)).toBe(JSON.stringify({ Version: '2012-10-17', Statement: [allow] }));
  });

  it('accepts a single statement object', () => {
    expect(normalizeSessionPolicy(JSON.stringify({ Version: '2012-10-17', Statement: allow }))).toContain('"Statement":[');
  });

  it('measures the 2048 limit on the normalized form, not the raw text', () => {
    const padded = JSON.stringify({ Version: '2012-10-17', Statement: [allow] }).replaceAll(',', ',' + ' '.repeat(1000));
    expect(padded.length).toBeGreaterThan(2048);
    expect(normalizeSessionPolicy(padded)).toBeDefined();
    const big = { Version: '2012-10-17', Statement: [{ ...allow, Resource: Array.from({ length: 80 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) }] };
    expect(() => normalizeSessionPolicy(JSON.stringify(big))).toThrow('Session policy should not exceed 2048 characters');
  });

  it.each([
    ['not json', 'not valid JSON'],
    ['[]', 'JSON object'],
    [JSON.stringify({ Statement: [allow] }), "Version cannot be empty expecting '2012-10-17'"],
    [JSON.stringify({ Version: '2008-10-17', Statement: [allow] }), 'Invalid policy version'],
    [JSON.stringify({ Version: '2012-10-17' }), 'at least one Statement'],
    [JSON.stringify({ Version: '2012-10-17', Statement: [{ ...allow, Effect: 'Maybe' }] }), 'Effect'],
    [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] }), 'Action or NotAction'],
    [JSON.stringify({ Version: '2012-10-17', Statement: [{ ...allow, Actions: [] }] }), 'unknown element "Actions"'],
    [JSON.stringify({ Version: '2012-10-17', Statement: [{ ...allow, Resource: 5 }] }), 'Resource must be'],
  ])('refuses %s', (raw, message) => {
    expect(() => normalizeSessionPolicy(raw)).toThrow(expect.objectContaining({ code: 'InvalidParameterValue', message: expect.stringContaining(message) }));
  });
});
