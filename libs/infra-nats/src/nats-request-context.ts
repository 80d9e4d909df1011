import { NatsContext } from '@nestjs/microservices';
import type { Msg } from '@nats-io/transport-node';

/** The handler's context, with the subject the caller expects the answer on (for a handler that hands the answer on). */
export class NatsRequestContext extends NatsContext {
  constructor(subject: string, headers: Msg['headers'], readonly replyTo: string | undefined) {
    super([subject, headers]);
  }
}
