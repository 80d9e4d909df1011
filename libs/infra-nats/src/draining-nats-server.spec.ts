import { describe, expect, it, jest } from '@jest/globals';
import { DrainingNatsServer } from './draining-nats-server.js';

describe('DrainingNatsServer handler lookup', () => {
  it('finds the handler of a plain subject without parsing it as a JSON pattern', () => {
    const server = new DrainingNatsServer({ servers: ['nats://127.0.0.1:1'], queue: 'spec' }, 100);
    const handler = Object.assign(async () => 'ok', { isEventHandler: false });
    server.addHandler('sts.credentials.issue', handler);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(server.getHandlerByPattern('sts.credentials.issue')).toBe(handler);
      expect(parse).not.toHaveBeenCalled();
      expect(server.getHandlerByPattern('sts.unknown')).toBeNull();
    } finally {
      parse.mockRestore();
    }
  });
});
