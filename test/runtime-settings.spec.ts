import { describe, expect, it } from '@jest/globals';
import { GO_SERVER_GOGC, goServerEnv } from '../scripts/lib/servers.mjs';

describe('goServerEnv (GOGC of nats-server and etcd)', () => {
  it(`adds GOGC=${GO_SERVER_GOGC} to the launcher's environment when it has none`, () => {
    expect(goServerEnv({ PATH: '/usr/bin' })).toEqual({ PATH: '/usr/bin', GOGC: GO_SERVER_GOGC });
    expect(goServerEnv({ GOGC: '' }).GOGC).toBe(GO_SERVER_GOGC);
  });

  it("keeps the launcher's GOGC", () => {
    expect(goServerEnv({ GOGC: 'off' }).GOGC).toBe('off');
    expect(goServerEnv({ GOGC: '100' }).GOGC).toBe('100');
  });
});
