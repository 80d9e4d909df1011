import { describe, expect, it } from '@jest/globals';
import type { Msg } from '@nats-io/transport-node';
import { deduplicatedBy, expectStored, StreamRefused } from './stream-ack.js';

const reply = (text: string) => ({ json: () => JSON.parse(text) as unknown }) as unknown as Msg;

describe('a JetStream acknowledgement', () => {
  it('is taken when it names the stream that stored the message', () => {
    expect(() => expectStored(reply('{"stream":"AUDIT","seq":7}'))).not.toThrow();
  });

  it('is taken for a duplicate: an earlier copy under the same id is stored', () => {
    expect(() => expectStored(reply('{"stream":"AUDIT","seq":7,"duplicate":true}'))).not.toThrow();
  });

  it("is refused with the stream's reason when the stream did not store the message", () => {
    const refusal = reply('{"error":{"code":503,"err_code":10077,"description":"maximum messages exceeded"},"stream":"AUDIT","seq":0}');
    expect(() => expectStored(refusal)).toThrow(StreamRefused);
    expect(() => expectStored(refusal)).toThrow('the stream refused the message: maximum messages exceeded (10077)');
  });

  it('is refused when the answer is not one (not JSON, or no stream named)', () => {
    expect(() => expectStored(reply('hello'))).toThrow(StreamRefused);
    expect(() => expectStored(reply('{"seq":1}'))).toThrow(StreamRefused);
    expect(() => expectStored(reply('{"stream":""}'))).toThrow(StreamRefused);
  });
});

describe('a deduplicated publish', () => {
  it("carries its id in JetStream's Nats-Msg-Id header", () => {
    expect(deduplicatedBy('batch-1').get('Nats-Msg-Id')).toBe('batch-1');
  });
});
