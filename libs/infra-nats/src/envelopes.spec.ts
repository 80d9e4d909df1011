import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer.js';
import { answerEnvelope, envelopeOf, errorEnvelope, eventEnvelope, requestEnvelope, requestOf } from './envelopes.js';

const nest = new NatsRecordSerializer();
/** What Nest puts on the wire for a packet: its serializer's string, encoded by nats.js. */
const nestBytes = (packet: object): Buffer => Buffer.from(new TextEncoder().encode(nest.serialize(packet as never).data as string));
function same(ours: Uint8Array, packet: object): void {
  expect(Buffer.from(ours).toString()).toBe(nestBytes(packet).toString());
  expect(Buffer.from(ours).equals(nestBytes(packet))).toBe(true);
}

const payloads: unknown[] = [
  { requestId: 'r-1', durationSeconds: 900, policies: ['readwrite'], claims: { sub: 'älice ☃', nested: { n: null } } },
  'a string', 0, null, [], undefined,
];

describe('NATS envelopes', () => {
  it.each(payloads.map((payload) => [JSON.stringify(payload) ?? 'undefined', payload]))('writes a request (%s) as the bytes Nest’s client sends', (_name, data) => {
    // ClientNats: `{ pattern, data }`, then the id assigned onto it.
    same(requestEnvelope('sts.credentials.issue', data, '4242-7'), Object.assign({ pattern: 'sts.credentials.issue', data }, { id: '4242-7' }));
  });

  it.each(payloads.map((payload) => [JSON.stringify(payload) ?? 'undefined', payload]))('writes an answer (%s) as the bytes Nest’s server sends', (_name, response) => {
    // ServerNats: `{ response, isDisposed }` for a handler's one value, the id assigned by its publisher.
    same(answerEnvelope('id-1', response), Object.assign({ response, isDisposed: true }, { id: 'id-1' }));
  });

  it('writes an error answer as Nest’s server sends it, the closing packet folded in', () => {
    const err = { code: 'AccessDenied', message: 'Access denied "quoted"' };
    same(errorEnvelope('id-2', err), Object.assign({ err, isDisposed: true }, { id: 'id-2' }));
  });

  it.each(payloads.map((payload) => [JSON.stringify(payload) ?? 'undefined', payload]))('writes an event (%s) as the bytes Nest’s client emits', (_name, data) => {
    same(eventEnvelope('sts.events.credentials.revoked', data), { pattern: 'sts.events.credentials.revoked', data });
  });

  it('reads a message from its own bytes, also when they are a view into a larger buffer', () => {
    const whole = Buffer.from(`xx${JSON.stringify({ pattern: 'p', data: { a: 'ü' }, id: '1' })}yy`);
    expect(envelopeOf({ data: whole.subarray(2, whole.length - 2) })).toEqual({ pattern: 'p', data: { a: 'ü' }, id: '1' });
  });

  it('takes as a request only what Nest takes as one: an id with a pattern or data', () => {
    expect(requestOf({ pattern: 'p', data: { a: 1 }, id: '1' })).toEqual({ id: '1', data: { a: 1 } });
    expect(requestOf({ pattern: 'p', id: '1' })).toEqual({ id: '1', data: undefined });
    expect(requestOf({ id: '1' })).toBeUndefined(); // external: Nest maps it to an event
    expect(requestOf({ pattern: 'p', data: 1 })).toBeUndefined(); // an event
    expect(requestOf('text')).toBeUndefined();
    expect(requestOf(null)).toBeUndefined();
  });
});
