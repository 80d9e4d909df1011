export * from './openid-verification.module.js';
