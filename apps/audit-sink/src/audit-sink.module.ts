import { Module, type DynamicModule } from '@nestjs/common';
import { AuditLog } from './audit-log.js';
import { AuditHandler } from './audit.handler.js';
import { AUDIT_SINK_CONFIG, type AuditSinkConfig } from './config.js';

@Module({})
export class AuditSinkModule {
  static register(config: AuditSinkConfig): DynamicModule {
    return {
      module: AuditSinkModule,
      controllers: [AuditHandler],
      providers: [{ provide: AUDIT_SINK_CONFIG, useValue: config }, AuditLog],
    };
  }
}
