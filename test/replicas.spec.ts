import { describe, expect, it } from '@jest/globals';
import { APP_NAMES, gatewayPort, parseReplicas } from '../scripts/lib/apps.mjs';

describe('parseReplicas (STS_REPLICAS)', () => {
  it('runs one replica of every app when unset or empty', () => {
    const one = Object.fromEntries(APP_NAMES.map((name) => [name, 1]));
    expect(parseReplicas(undefined)).toEqual(one);
    expect(parseReplicas('')).toEqual(one);
  });

  it('takes the count of each app it names and 1 for the rest', () => {
    const replicas = parseReplicas(' api-gateway=3, assume-role-verifier = 2 ');
    expect(replicas['api-gateway']).toBe(3);
    expect(replicas['assume-role-verifier']).toBe(2);
    expect(replicas['credential-issuer']).toBe(1);
  });

  it('rejects an unknown app, naming it and the known ones', () => {
    expect(() => parseReplicas('api-gatway=2')).toThrow(/unknown app "api-gatway".*api-gateway/);
  });

  it.each(['0', '-1', '1.5', 'two', ''])('rejects the count "%s"', (count) => {
    expect(() => parseReplicas(`api-gateway=${count}`)).toThrow(/STS_REPLICAS/);
  });

  it('rejects an entry without a count and an app listed twice', () => {
    expect(() => parseReplicas('api-gateway')).toThrow(/<app>=<count>/);
    expect(() => parseReplicas('api-gateway=1,api-gateway=2')).toThrow(/twice/);
  });
});

describe('gatewayPort', () => {
  it('puts gateways after the first on the next ports', () => {
    expect([1, 2, 3].map((instance) => gatewayPort(9000, instance))).toEqual([9000, 9001, 9002]);
  });
});
