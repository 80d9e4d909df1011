import { Module, type DynamicModule } from '@nestjs/common';
import { AuditConsumer } from './audit-consumer.js';
import { AuditLog } from './audit-log.js';
import { AUDIT_SINK_CONFIG, type AuditSinkConfig } from './config.js';

@Module({})
export class AuditSinkModule {
  static register(config: AuditSinkConfig): DynamicModule {
    return {
      module: AuditSinkModule,
      providers: [{ provide: AUDIT_SINK_CONFIG, useValue: config }, AuditLog, AuditConsumer],
    };
  }
}
