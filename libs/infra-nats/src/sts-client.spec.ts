import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Events, StsError, Subjects } from '#contracts';
import { StsClient } from './sts-client.js';

const client = () => new StsClient({ servers: ['nats://127.0.0.1:1'], timeoutMs: 100, name: 'spec', app: 'spec' });

describe('StsClient failure policy', () => {
  it('logs and swallows a failed event publish: events follow committed changes and have a backstop', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect(() => client().emit(Events.UsersChanged, { accessKey: 'alice', change: 'removed' })).not.toThrow();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`could not publish ${Events.UsersChanged}`));
    } finally {
      warn.mockRestore();
    }
  });

  it('answers a request without a bus connection with ServiceUnavailable', async () => {
    const failure = await client().request(Subjects.CredentialsLookup, { accessKey: 'AK', sessionToken: 't' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StsError);
    expect((failure as StsError).code).toBe('ServiceUnavailable');
  });
});
