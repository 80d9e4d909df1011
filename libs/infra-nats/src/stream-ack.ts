import { headers as natsHeaders, type Msg, type MsgHdrs } from '@nats-io/transport-node';

/** The stream did not store a message: it refused it, or what answered was not JetStream. */
export class StreamRefused extends Error {}

/** JetStream's answer to a publish (nats-server `JSPubAckResponse`). */
interface PubAck {
  stream?: string;
  duplicate?: boolean;
  error?: { code?: number; err_code?: number; description?: string };
}

/** The header that makes a JetStream publish idempotent: the stream drops a second copy of `msgID` within its duplicate window. */
export function deduplicatedBy(msgID: string): MsgHdrs {
  const headers = natsHeaders();
  headers.set('Nats-Msg-Id', msgID);
  return headers;
}

/**
 * Throws StreamRefused unless `reply` acknowledges that the stream holds the message. A duplicate
 * counts as stored: an earlier copy under the same id is.
 */
export function expectStored(reply: Msg): void {
  let ack: PubAck;
  try {
    ack = reply.json<PubAck>();
  } catch {
    throw new StreamRefused('the answer is not a JetStream acknowledgement');
  }
  if (ack.error) throw new StreamRefused(`the stream refused the message: ${ack.error.description ?? 'no reason given'} (${ack.error.err_code ?? ack.error.code})`);
  if (typeof ack.stream !== 'string' || ack.stream === '') throw new StreamRefused('the answer is not a JetStream acknowledgement');
}
