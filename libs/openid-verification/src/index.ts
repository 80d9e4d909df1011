export * from './openid-verification.module.js';
export * from './openid-verifier-config.js';
