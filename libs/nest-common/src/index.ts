export * from './json-logger.js';
export * from './rpc-error.filter.js';
export * from './schema.pipe.js';
export * from './config-values.js';
export * from './bootstrap.js';
export * from './openid-settings.js';
export * from './http-drain.js';
