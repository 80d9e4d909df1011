export * from './madmin-envelope.js';
