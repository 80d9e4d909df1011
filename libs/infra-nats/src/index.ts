export * from './nats-options.js';
export * from './sts-client.js';
export * from './sts-client.module.js';
export * from './write-coalescing.js';
export * from './credential-minter.js';
export * from './nats-security.js';
export * from './audit-publisher.js';
export * from './audit-stream-consumer.js';
