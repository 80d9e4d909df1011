export * from './subjects.js';
export * from './errors.js';
export * from './signed-request.js';
export * from './credentials.js';
export * from './verify.js';
export * from './admin.js';
export * from './request-map.js';
