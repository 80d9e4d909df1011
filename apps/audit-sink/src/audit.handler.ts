import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AuditEvent, Events } from '#contracts';
import { SchemaPipe } from '#nest-common';
import { AuditLog } from './audit-log.js';

@Controller()
export class AuditHandler {
  constructor(private readonly log: AuditLog) {}

  /** Only fields of the schema pass: whatever else a publisher sent is not written. */
  @EventPattern(Events.Audit)
  record(@Payload(new SchemaPipe(AuditEvent)) event: AuditEvent): void {
    this.log.append(event);
  }
}
